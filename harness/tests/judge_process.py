"""Runs the real judge in a child process on a one-file solution and its tests (for tests that
check what crosses between the judge and the host)."""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap

JUDGE = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "pydojo_harness", "judge.py")


def run_judge(tests, solution, mode="isolated", limits=None, job_extra=None, test_extra=None):
    """Grades ``solution`` (solution.py) with ``tests`` (solution_test.py); returns the result."""
    files = [{"path": "solution_test.py", "source": textwrap.dedent(tests), **(test_extra or {})}]
    return run_judge_files(files, solution, mode, limits, job_extra)


def run_judge_files(test_files, solution, mode="isolated", limits=None, job_extra=None):
    """Grades ``solution`` (solution.py) with the given test files; returns the result."""
    root = tempfile.mkdtemp(prefix="pydojo-judge-")
    try:
        solution_dir = os.path.join(root, "solution")
        work_dir = os.path.join(root, "work")
        os.makedirs(solution_dir)
        os.makedirs(work_dir)
        with open(os.path.join(solution_dir, "solution.py"), "w", encoding="utf-8") as handle:
            handle.write(textwrap.dedent(solution))
        job = {
            "mode": mode,
            "tests": test_files,
            "solution_dir": solution_dir,
            "solution_modules": ["solution"],
            "work_dir": work_dir,
            "limits": {"test_timeout_s": 10, "memory_bytes": 1 << 30, "output_bytes": 1 << 20, **(limits or {})},
            **(job_extra or {}),
        }
        done = subprocess.run(
            [sys.executable, "-I", "-S", JUDGE], input=json.dumps(job).encode(), capture_output=True, timeout=60
        )
        if done.returncode != 0:
            raise AssertionError(f"judge failed: {done.stderr.decode()}")
        header, _, body = done.stdout.partition(b"\n")
        magic, _nonce, length = header.split(b" ")
        assert magic == b"PYDOJO-VERDICT" and int(length) == len(body), header
        return json.loads(body)
    finally:
        shutil.rmtree(root, ignore_errors=True)
