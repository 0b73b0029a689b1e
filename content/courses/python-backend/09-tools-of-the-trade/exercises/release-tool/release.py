import argparse
import logging
import os
import pathlib
import subprocess
import sys
import tomllib

GIT_ENV = {
    **os.environ,
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "PyDojo Learner",
    "GIT_AUTHOR_EMAIL": "learner@pydojo.invalid",
    "GIT_COMMITTER_NAME": "PyDojo Learner",
    "GIT_COMMITTER_EMAIL": "learner@pydojo.invalid",
}


class GitError(RuntimeError):
    """A git command exited with a non-zero status; the message is what git wrote to stderr."""


def git(repo, *args):
    """Run `git <args>` in repo and return its stdout; GitError with its stderr if it fails."""
    result = subprocess.run(["git", *args], cwd=repo, env=GIT_ENV, capture_output=True, text=True)
    if result.returncode != 0:
        raise GitError(result.stderr.strip() or result.stdout.strip())
    return result.stdout


class ConfigError(ValueError):
    """A RELEASE_* environment variable has a value that can't be used."""


def load_settings(env):
    """{"tag_prefix", "log_level", "allow_dirty"} from the RELEASE_* variables of env."""
    raise NotImplementedError


def main(argv, env, stream=None):
    """`release [--dry-run] REPO`: tag the version of REPO/pyproject.toml; return the exit status.

    Log lines go to stream (None: sys.stderr).
    """
    raise NotImplementedError
