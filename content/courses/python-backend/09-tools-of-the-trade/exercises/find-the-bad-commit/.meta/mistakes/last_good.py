import os
import subprocess

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


def first_bad_commit(repo, good, bad, command):
    """The full sha of the first commit between good and bad where command fails."""
    git(repo, "bisect", "start", bad, good)
    try:
        git(repo, "bisect", "run", *command)
        return git(repo, "rev-parse", "refs/bisect/bad~1").strip()
    finally:
        git(repo, "bisect", "reset")
