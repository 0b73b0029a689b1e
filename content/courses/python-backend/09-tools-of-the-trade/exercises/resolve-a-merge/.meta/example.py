import os
import pathlib
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


def union_resolve(text):
    """text with every conflict block replaced by our lines, then their lines we don't have."""
    out, ours, theirs = [], [], []
    state = None  # None outside a block, then "ours", "base", "theirs"
    for line in text.splitlines(keepends=True):
        if line.startswith("<<<<<<<"):
            state, ours, theirs = "ours", [], []
        elif line.startswith("|||||||") and state == "ours":
            state = "base"
        elif line.startswith("=======") and state in ("ours", "base"):
            state = "theirs"
        elif line.startswith(">>>>>>>") and state == "theirs":
            out.extend(ours)
            out.extend(line for line in theirs if line not in ours)
            state = None
        elif state == "ours":
            ours.append(line)
        elif state == "theirs":
            theirs.append(line)
        elif state is None:
            out.append(line)
    return "".join(out)


def merge_branch(repo, branch):
    """Merge branch into the current branch with a merge commit; resolve conflicts; return its sha."""
    try:
        git(repo, "merge", "--no-ff", "--no-edit", branch)
    except GitError:
        conflicted = git(repo, "diff", "--name-only", "--diff-filter=U").split("\n")
        conflicted = [name for name in conflicted if name]
        if not conflicted:
            raise  # not a conflict: an unknown branch, a dirty tree... let the caller see it
        for name in conflicted:
            path = pathlib.Path(repo, name)
            path.write_text(union_resolve(path.read_text(encoding="utf-8")), encoding="utf-8")
        git(repo, "add", "--", *conflicted)
        git(repo, "commit", "--no-edit")
    return git(repo, "rev-parse", "HEAD").strip()
