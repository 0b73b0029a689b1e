import math
import os
import subprocess
import sys

import pytest

from bisect_tool import GitError, first_bad_commit

ENV = {
    **os.environ,
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "Grader",
    "GIT_AUTHOR_EMAIL": "grader@pydojo.invalid",
    "GIT_COMMITTER_NAME": "Grader",
    "GIT_COMMITTER_EMAIL": "grader@pydojo.invalid",
}

# The test of the project: each run appends a line to a log outside the repository, so the
# tests can count how many times your code ran it.
CHECK = """\
import sys
sys.dont_write_bytecode = True  # no __pycache__ in the repository
with open(sys.argv[1], "a") as log:
    log.write("run\\n")
from pricing import total
sys.exit(0 if total([1, 2, 3]) == 6 else 1)
"""
GOOD = "def total(prices):\n    return sum(prices)\n"
BROKEN = "def total(prices):\n    return sum(prices[1:])  # skip the header row\n"


def run(repo, *args, check=True):
    result = subprocess.run(["git", "-c", "init.defaultBranch=main", *args], cwd=repo, env=ENV,
                            capture_output=True, text=True)
    if check and result.returncode != 0:
        raise AssertionError(f"the test's own git {' '.join(args)} failed: {result.stderr}")
    return result.stdout


def build(tmp_path, commits, broken_at):
    """A repository with `commits` commits after the tagged good one; commit broken_at (1-based) breaks total()."""
    repo = tmp_path / "shop"
    repo.mkdir()
    run(repo, "init", "-q")
    (repo / "check.py").write_text(CHECK)
    (repo / "pricing.py").write_text(GOOD)
    run(repo, "add", ".")
    run(repo, "commit", "-q", "-m", "Working pricing")
    run(repo, "tag", "v1.0")
    for n in range(1, commits + 1):
        body = BROKEN if n >= broken_at else GOOD
        (repo / "pricing.py").write_text(body + f"# change {n}\n")
        run(repo, "commit", "-q", "-am", f"Change {n}")
    shas = run(repo, "rev-list", "--reverse", "v1.0..main").split()
    log = tmp_path / "runs.log"
    return repo, shas, log, [sys.executable, "check.py", str(log)]


def runs(log):
    return len(log.read_text().splitlines()) if log.exists() else 0


@pytest.mark.parametrize("broken_at", [1, 11, 23, 32])
def test_finds_the_first_bad_commit(tmp_path, broken_at):
    repo, shas, log, command = build(tmp_path, 32, broken_at)
    found = first_bad_commit(str(repo), "v1.0", "main", command)
    assert found == shas[broken_at - 1], (
        f"the first bad commit is 'Change {broken_at}' (the test passes on every commit before it"
        " and fails from it on); return its full sha, the one `git bisect` reports"
    )


def test_a_handful_of_runs(tmp_path):
    repo, shas, log, command = build(tmp_path, 64, 41)
    first_bad_commit(str(repo), "v1.0", "main", command)
    allowed = math.ceil(math.log2(64)) + 2
    assert runs(log) <= allowed, (
        f"you ran the test {runs(log)} times for 64 commits; halving the range each time needs"
        f" about {math.ceil(math.log2(64))} runs (at most {allowed} allowed): let `git bisect run` pick the commits"
    )


def test_the_repository_is_left_as_it_was(tmp_path):
    repo, shas, log, command = build(tmp_path, 8, 5)
    first_bad_commit(str(repo), "v1.0", "main", command)
    assert run(repo, "symbolic-ref", "--short", "-q", "HEAD", check=False).strip() == "main", (
        "after bisecting, HEAD should be back on main: finish with `git bisect reset`"
    )
    assert run(repo, "bisect", "log", check=False) == "", (
        "a bisect session is still open in the repository: finish with `git bisect reset`"
    )
    assert run(repo, "status", "--porcelain") == ""


def test_a_bad_good_revision_is_an_error(tmp_path):
    repo, shas, log, command = build(tmp_path, 4, 2)
    with pytest.raises(GitError):
        first_bad_commit(str(repo), "v9.9", "main", command)
        pytest.fail("a good revision that does not exist should raise GitError")
    assert run(repo, "symbolic-ref", "--short", "-q", "HEAD", check=False).strip() == "main"
