import math
import os
import socket
import subprocess
import sys
import threading
import uuid

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

# The test of the project. Each run first reports itself to these tests, which count how many
# times your code ran it (through a socket of Linux's abstract namespace, which no file of the
# repository or of the test's folder can stand in for); without anyone to report to it stops
# the bisect (an exit status above 127).
CHECK = """\
import socket
import sys
sys.dont_write_bytecode = True  # no __pycache__ in the repository
try:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as counter:
        counter.settimeout(10)
        counter.connect("\\0" + sys.argv[1])
        counter.sendall(b"run")
        counter.recv(2)
except OSError:
    sys.exit(128)
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


class RunCounter:
    """Counts the runs of check.py here, in the tests' own process."""

    def __init__(self):
        self.name = f"pydojo-bisect-{uuid.uuid4().hex}"
        self.runs = 0
        self.server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.server.bind("\0" + self.name)
        self.server.listen(64)
        threading.Thread(target=self._count, daemon=True).start()

    def _count(self):
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return  # closed at the end of the test
            with conn:
                conn.settimeout(10)
                try:
                    if conn.recv(3) == b"run":
                        self.runs += 1
                        conn.sendall(b"ok")
                except OSError:
                    pass


@pytest.fixture
def counter():
    counting = RunCounter()
    yield counting
    counting.server.close()


def build(tmp_path, counter, commits, broken_at):
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
    return repo, shas, [sys.executable, "check.py", counter.name]


@pytest.mark.parametrize("broken_at", [1, 11, 23, 32])
def test_finds_the_first_bad_commit(tmp_path, counter, broken_at):
    repo, shas, command = build(tmp_path, counter, 32, broken_at)
    found = first_bad_commit(str(repo), "v1.0", "main", command)
    assert found == shas[broken_at - 1], (
        f"the first bad commit is 'Change {broken_at}' (the test passes on every commit before it"
        " and fails from it on); return its full sha, the one `git bisect` reports"
    )


def test_a_handful_of_runs(tmp_path, counter):
    repo, shas, command = build(tmp_path, counter, 64, 41)
    found = first_bad_commit(str(repo), "v1.0", "main", command)
    assert found == shas[40], "the first bad commit is 'Change 41': return its full sha"
    allowed = math.ceil(math.log2(64)) + 2
    assert counter.runs <= allowed, (
        f"you ran the test {counter.runs} times for 64 commits; halving the range each time needs"
        f" about {math.ceil(math.log2(64))} runs (at most {allowed} allowed): let `git bisect run` pick the commits"
    )


def test_the_repository_is_left_as_it_was(tmp_path, counter):
    repo, shas, command = build(tmp_path, counter, 8, 5)
    first_bad_commit(str(repo), "v1.0", "main", command)
    assert run(repo, "symbolic-ref", "--short", "-q", "HEAD", check=False).strip() == "main", (
        "after bisecting, HEAD should be back on main: finish with `git bisect reset`"
    )
    assert run(repo, "bisect", "log", check=False) == "", (
        "a bisect session is still open in the repository: finish with `git bisect reset`"
    )
    assert run(repo, "status", "--porcelain") == ""


def test_a_bad_good_revision_is_an_error(tmp_path, counter):
    repo, shas, command = build(tmp_path, counter, 4, 2)
    with pytest.raises(GitError):
        first_bad_commit(str(repo), "v9.9", "main", command)
        pytest.fail("a good revision that does not exist should raise GitError")
    assert run(repo, "symbolic-ref", "--short", "-q", "HEAD", check=False).strip() == "main"
