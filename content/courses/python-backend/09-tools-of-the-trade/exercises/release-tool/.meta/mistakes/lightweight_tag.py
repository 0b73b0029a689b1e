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


LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
YES, NO = ("1", "true", "yes"), ("0", "false", "no")
log = logging.getLogger("release")


def load_settings(env):
    """{"tag_prefix", "log_level", "allow_dirty"} from the RELEASE_* variables of env."""
    prefix = env.get("RELEASE_TAG_PREFIX", "v")
    level = env.get("RELEASE_LOG_LEVEL", "INFO").strip().upper()
    if level not in LEVELS:
        raise ConfigError(f"RELEASE_LOG_LEVEL: unknown log level {env['RELEASE_LOG_LEVEL']!r}")
    dirty = env.get("RELEASE_ALLOW_DIRTY", "no")
    if dirty.strip().lower() not in YES + NO:
        raise ConfigError(f"RELEASE_ALLOW_DIRTY: expected yes/no, true/false or 1/0, got {dirty!r}")
    return {"tag_prefix": prefix, "log_level": level, "allow_dirty": dirty.strip().lower() in YES}


def setup_logging(level, stream):
    for old in list(log.handlers):
        log.removeHandler(old)
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    log.addHandler(handler)
    log.setLevel(level)
    log.propagate = False


def project_version(repo):
    path = pathlib.Path(repo, "pyproject.toml")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None, "there is no pyproject.toml"
    except tomllib.TOMLDecodeError as error:
        return None, f"pyproject.toml is not valid TOML: {error}"
    version = data.get("project", {}).get("version")
    if not isinstance(version, str):
        return None, "pyproject.toml has no project.version"
    return version, None


def release(repo, dry_run, settings):
    version, problem = project_version(repo)
    if problem:
        log.error(problem)
        return 1
    log.debug("version %s from pyproject.toml", version)
    changes = git(repo, "status", "--porcelain").splitlines()
    if changes and not settings["allow_dirty"]:
        log.error("working tree is not clean: %s", ", ".join(line[3:] for line in changes))
        return 1
    tag = settings["tag_prefix"] + version
    existing = subprocess.run(["git", "rev-parse", "-q", "--verify", f"refs/tags/{tag}"], cwd=repo, env=GIT_ENV,
                              capture_output=True)
    if existing.returncode == 0:
        log.error("tag %s already exists", tag)
        return 1
    if dry_run:
        log.info("would tag %s", tag)
        return 0
    git(repo, "tag", tag)
    log.info("tagged %s", tag)
    return 0


def main(argv, env, stream=None):
    """`release [--dry-run] REPO`: tag the version of REPO/pyproject.toml; return the exit status.

    Log lines go to stream (None: sys.stderr).
    """
    parser = argparse.ArgumentParser(prog="release")
    parser.add_argument("repo")
    parser.add_argument("--dry-run", action="store_true")
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:
        return stop.code
    stream = sys.stderr if stream is None else stream
    try:
        settings = load_settings(env)
    except ConfigError as error:
        print(f"ERROR {error}", file=stream)
        return 2
    setup_logging(settings["log_level"], stream)
    try:
        return release(args.repo, args.dry_run, settings)
    except GitError as error:
        log.error("git failed: %s", error)
        return 1
