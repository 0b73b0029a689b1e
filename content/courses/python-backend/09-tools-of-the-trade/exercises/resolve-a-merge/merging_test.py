import os
import subprocess

import pytest

from merging import GitError, merge_branch, union_resolve

ENV = {
    **os.environ,
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "Grader",
    "GIT_AUTHOR_EMAIL": "grader@pydojo.invalid",
    "GIT_COMMITTER_NAME": "Grader",
    "GIT_COMMITTER_EMAIL": "grader@pydojo.invalid",
}


def run(repo, *args, check=True):
    """The tests' own git, to build and inspect the repository."""
    result = subprocess.run(["git", "-c", "init.defaultBranch=main", *args], cwd=repo, env=ENV,
                            capture_output=True, text=True)
    if check and result.returncode != 0:
        raise AssertionError(f"the test's own git {' '.join(args)} failed: {result.stderr}")
    return result.stdout


def commit(repo, files, message):
    for name, text in files.items():
        (repo / name).write_text(text)
    run(repo, "add", *files)
    run(repo, "commit", "-q", "-m", message)
    return run(repo, "rev-parse", "HEAD").strip()


BASE = "flask==3.0\nsqlalchemy==2.0\n"


@pytest.fixture
def repo(tmp_path):
    run(tmp_path, "init", "-q")
    commit(tmp_path, {"requirements.txt": BASE, "README.md": "# Shop\n"}, "Start")
    return tmp_path


def parents(repo, rev="HEAD"):
    return run(repo, "rev-list", "--parents", "-n", "1", rev).split()[1:]


def assert_merge_finished(repo, main_before, feature):
    assert run(repo, "rev-parse", "-q", "--verify", "MERGE_HEAD", check=False) == "", (
        "the merge is not finished: MERGE_HEAD is still there. After resolving and `git add`,"
        " run `git commit --no-edit` to record the merge"
    )
    assert parents(repo) == [main_before, feature], (
        "HEAD should be a merge commit with two parents: the branch you were on, then the merged"
        " branch (always record a merge commit: `git merge --no-ff`)"
    )
    assert run(repo, "status", "--porcelain") == "", "the working tree should be clean after the merge"


# --- union_resolve: plain text in, plain text out -------------------------------------------

def test_resolve_keeps_both_sides():
    text = "flask==3.0\n<<<<<<< HEAD\nrequests==2.31\n=======\nrich==13.7\n>>>>>>> feature\nzope==5\n"
    assert union_resolve(text) == "flask==3.0\nrequests==2.31\nrich==13.7\nzope==5\n", (
        "keep the lines of both sides: ours first, then theirs"
    )


def test_resolve_drops_lines_both_sides_added():
    text = "<<<<<<< HEAD\na\nb\n=======\nb\nc\n>>>>>>> other\n"
    assert union_resolve(text) == "a\nb\nc\n", "a line both sides added appears once"


def test_resolve_several_blocks_and_the_base_section():
    text = (
        "top\n<<<<<<< ours\n1\n||||||| base\n0\n=======\n2\n>>>>>>> theirs\n"
        "middle\n<<<<<<< ours\n=======\nx\n>>>>>>> theirs\nend\n"
    )
    assert union_resolve(text) == "top\n1\n2\nmiddle\nx\nend\n", (
        "every conflict block is resolved; the `|||||||` base section (what the line was before"
        " either side changed it) is dropped"
    )


def test_resolve_leaves_text_without_conflicts_alone():
    assert union_resolve("a = 1\n==\nb = 2") == "a = 1\n==\nb = 2"


# --- merge_branch: a real repository ----------------------------------------------------------

def test_merge_without_conflict(repo):
    run(repo, "switch", "-q", "-c", "feature")
    feature = commit(repo, {"feature.py": "def new(): ...\n"}, "Add feature")
    run(repo, "switch", "-q", "main")
    main_before = commit(repo, {"README.md": "# Shop\n\nNow with docs.\n"}, "Docs")
    sha = merge_branch(str(repo), "feature")
    assert sha == run(repo, "rev-parse", "HEAD").strip(), "merge_branch returns the merge commit's sha"
    assert_merge_finished(repo, main_before, feature)
    assert (repo / "feature.py").exists()


def test_a_merge_commit_even_when_a_fast_forward_would_do(repo):
    main_before = run(repo, "rev-parse", "HEAD").strip()
    run(repo, "switch", "-q", "-c", "hotfix")
    hotfix = commit(repo, {"README.md": "# Shop (fixed)\n"}, "Fix title")
    run(repo, "switch", "-q", "main")
    merge_branch(str(repo), "hotfix")
    assert_merge_finished(repo, main_before, hotfix)


def test_merge_with_a_conflict(repo):
    run(repo, "switch", "-q", "-c", "feature")
    feature = commit(repo, {"requirements.txt": BASE + "rich==13.7\n"}, "Add rich")
    run(repo, "switch", "-q", "main")
    main_before = commit(repo, {"requirements.txt": BASE + "requests==2.31\n"}, "Add requests")
    merge_branch(str(repo), "feature")
    assert_merge_finished(repo, main_before, feature)
    merged = run(repo, "show", "HEAD:requirements.txt")
    assert merged == BASE + "requests==2.31\nrich==13.7\n", (
        "keep the lines of both sides in the merged requirements.txt: ours first, then theirs"
    )


def test_conflicts_in_two_files(repo):
    run(repo, "switch", "-q", "-c", "feature")
    feature = commit(repo, {"requirements.txt": "flask==3.1\nsqlalchemy==2.0\n", "README.md": "# Shop v2\n"}, "Bump")
    run(repo, "switch", "-q", "main")
    main_before = commit(repo, {"requirements.txt": "flask==3.0.3\nsqlalchemy==2.0\n", "README.md": "# The shop\n"}, "Pin")
    merge_branch(str(repo), "feature")
    assert_merge_finished(repo, main_before, feature)
    assert run(repo, "show", "HEAD:README.md") == "# The shop\n# Shop v2\n"
    assert run(repo, "show", "HEAD:requirements.txt") == "flask==3.0.3\nflask==3.1\nsqlalchemy==2.0\n"


def test_an_unknown_branch_is_an_error(repo):
    before = run(repo, "rev-parse", "HEAD").strip()
    with pytest.raises(GitError):
        merge_branch(str(repo), "no-such-branch")
        pytest.fail("merging a branch that does not exist should raise GitError, not pretend it worked")
    assert run(repo, "rev-parse", "HEAD").strip() == before
