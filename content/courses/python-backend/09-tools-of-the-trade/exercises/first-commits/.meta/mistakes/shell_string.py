import os
import pathlib
import subprocess

# git needs a name and an e-mail for every commit, and must not read your personal settings
# (the grader has no home folder). Pass env=GIT_ENV to every git command you run.
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
    """Run `git <args>` inside the folder repo and return what it printed (stdout, as text)."""
    result = subprocess.run(["git", *args], cwd=repo, env=GIT_ENV, capture_output=True, text=True)
    if result.returncode != 0:
        raise GitError(result.stderr.strip() or result.stdout.strip())
    return result.stdout


def commit_files(repo, files, message):
    """Write files ({relative path: text}), commit exactly them with message, return the new sha."""
    root = pathlib.Path(repo)
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    git(repo, "add", "--", *files)
    subprocess.run(f"git commit -q -m \"{message}\"", shell=True, cwd=repo, env=GIT_ENV, check=True)
    return git(repo, "rev-parse", "HEAD").strip()


def history(repo):
    """[(sha, subject), ...] of the current branch, newest first."""
    out = git(repo, "log", "--format=%H%x00%s")
    return [tuple(line.split("\0", 1)) for line in out.splitlines()]
