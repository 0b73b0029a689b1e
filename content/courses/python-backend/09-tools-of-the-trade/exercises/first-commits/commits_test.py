import os
import subprocess

import pytest

from commits import GitError, commit_files, git, history

ENV = {
    **os.environ,
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "Grader",
    "GIT_AUTHOR_EMAIL": "grader@pydojo.invalid",
    "GIT_COMMITTER_NAME": "Grader",
    "GIT_COMMITTER_EMAIL": "grader@pydojo.invalid",
}


def run(repo, *args):
    """The tests' own git, to build and inspect the repository."""
    return subprocess.run(
        ["git", "-c", "init.defaultBranch=main", *args], cwd=repo, env=ENV, capture_output=True, text=True, check=True
    ).stdout


@pytest.fixture
def repo(tmp_path):
    run(tmp_path, "init", "--quiet")
    return tmp_path


def committed_files(repo, rev="HEAD"):
    return sorted(run(repo, "show", "--name-only", "--format=", rev).split())


def test_git_returns_what_git_printed(repo):
    assert git(str(repo), "rev-parse", "--is-inside-work-tree") == "true\n"


def test_git_raises_git_error_with_the_reason(repo):
    with pytest.raises(GitError) as excinfo:
        git(str(repo), "checkout", "no-such-branch")
    assert "no-such-branch" in str(excinfo.value), (
        "GitError's message should be what git wrote to stderr, so the caller sees why it failed"
    )


def test_commit_new_files_in_folders(repo):
    sha = commit_files(str(repo), {"app/main.py": "print('hi')\n", "README.md": "# App\n"}, "Add the app")
    assert sha == run(repo, "rev-parse", "HEAD").strip(), "commit_files should return the sha of the new commit"
    assert committed_files(repo) == ["README.md", "app/main.py"]
    assert (repo / "app" / "main.py").read_text() == "print('hi')\n"


@pytest.mark.parametrize(
    "message",
    ['Fix "quoted" names; keep $HOME and `whoami` as text', "Don't lose the apostrophe", "Line one\n\nBody & more"],
)
def test_message_is_kept_exactly(repo, message):
    commit_files(str(repo), {"a.txt": "a\n"}, message)
    stored = run(repo, "log", "-1", "--format=%B").rstrip("\n")
    assert stored == message, (
        "the commit message should be kept exactly: pass git a list of arguments"
        " (['git', 'commit', '-m', message]), never a string for a shell, which reads quotes, $ and `"
    )


def test_only_the_given_files_are_committed(repo):
    (repo / "notes.txt").write_text("my private notes\n")
    (repo / "debug.log").write_text("noise\n")
    commit_files(str(repo), {"src/app.py": "x = 1\n"}, "Add app")
    assert committed_files(repo) == ["src/app.py"], (
        "commit only the files you were given: `git add -A` or `git add .` also commits notes.txt"
        " and debug.log that happened to be lying in the folder"
    )


def test_a_second_commit_builds_on_the_first(repo):
    first = commit_files(str(repo), {"a.txt": "one\n"}, "First")
    second = commit_files(str(repo), {"a.txt": "two\n", "b.txt": "b\n"}, "Second")
    assert first != second
    assert run(repo, "rev-parse", "HEAD~1").strip() == first
    assert committed_files(repo) == ["a.txt", "b.txt"]


def test_nothing_to_commit_is_an_error(repo):
    commit_files(str(repo), {"a.txt": "same\n"}, "First")
    with pytest.raises(GitError):
        commit_files(str(repo), {"a.txt": "same\n"}, "Nothing changed")
        pytest.fail(
            "committing files that did not change should raise GitError: git commit exits with"
            " status 1 ('nothing to commit'), and a non-zero status must not be ignored"
        )


def test_history_newest_first(repo):
    shas = [commit_files(str(repo), {"log.txt": f"{n}\n"}, f"Change {n}") for n in range(1, 4)]
    assert history(str(repo)) == [(shas[2], "Change 3"), (shas[1], "Change 2"), (shas[0], "Change 1")], (
        "history() lists the commits newest first, like `git log`, as (full sha, subject) pairs"
    )


def test_history_of_commits_made_elsewhere(repo):
    (repo / "x.txt").write_text("x\n")
    run(repo, "add", "x.txt")
    run(repo, "commit", "-q", "-m", "Subject: with a colon | and a bar", "-m", "A body that is not the subject")
    sha = run(repo, "rev-parse", "HEAD").strip()
    assert history(str(repo)) == [(sha, "Subject: with a colon | and a bar")]
