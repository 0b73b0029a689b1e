"""Tests written for pytest that skip a whole file (``pytest.skip(..., allow_module_level=True)``,
``pytest.importorskip`` of a library that is not installed) and the ``tmpdir`` fixture, end to
end through the real judge, isolated and in-process. A file that skips itself is one "skip"
record beside the other files' tests; if every file skipped itself, no test ran and that is an
error, never a pass; and the learner's own module failing to import is their error, not a skip."""
import textwrap
import unittest

from .judge_process import run_judge, run_judge_files

SOLUTION = """
import os

def add(a, b):
    return a + b

def save(folder, name):
    with open(os.path.join(folder, name), "w") as handle:
        handle.write("saved")
    return "ok"
"""

ADD_TESTS = """
from solution import add

def test_add():
    assert add(1, 2) == 3
"""

SKIPS_ITSELF = """
import pytest
np = pytest.importorskip("numpy_is_not_installed_here")
from solution import add

def test_with_numpy():
    assert add(np.int64(1), 2) == 3
"""

SKIPS_ON_PLATFORM = """
import pytest
pytest.skip("needs the Windows registry", allow_module_level=True)

def test_never_runs():
    assert False
"""

IMPORTS_SOLUTION_OR_SKIPS = """
import pytest
solution = pytest.importorskip("solution")

def test_add():
    assert solution.add(1, 2) == 3
"""

TRUE_TESTS = """
def test_arithmetic():
    assert 1 + 1 == 2
"""

TMPDIR_TESTS = """
from solution import save

def test_tmpdir_api(tmpdir):
    note = tmpdir.join("note.txt")
    note.write("hello")
    assert note.read() == "hello"
    assert note.check(file=1) and not note.check(dir=1)
    assert tmpdir.ensure("sub", dir=True).check(dir=1)
    assert [p.basename for p in tmpdir.listdir()] == ["note.txt", "sub"]
    assert note.strpath == str(note) and note.dirpath() == tmpdir

def test_learner_writes_into_tmpdir(tmpdir):
    assert save(str(tmpdir), "a.txt") == "ok"
    assert save(tmpdir, "b.txt") == "ok"
    assert tmpdir.join("a.txt").read() == "saved"
    assert (tmpdir / "b.txt").read() == "saved"
"""


def _file(path, source):
    return {"path": path, "source": textwrap.dedent(source)}


class ModuleSkipTest(unittest.TestCase):
    def test_a_skipped_file_is_one_skip_beside_the_other_tests(self):
        for mode in ("isolated", "inproc"):
            with self.subTest(mode=mode):
                result = run_judge_files(
                    [_file("add_test.py", ADD_TESTS), _file("numpy_test.py", SKIPS_ITSELF)], SOLUTION, mode
                )
                self.assertEqual(result["status"], "pass", result)
                by_name = {t["name"]: t for t in result["tests"]}
                self.assertEqual(by_name["add"]["status"], "pass")
                self.assertEqual(by_name["numpy_test.py"]["status"], "skip")
                self.assertIn("numpy_is_not_installed_here", by_name["numpy_test.py"]["message"])

    def test_when_every_file_skips_itself_no_test_ran_and_it_is_an_error(self):
        for mode in ("isolated", "inproc"):
            for tests in (SKIPS_ITSELF, SKIPS_ON_PLATFORM):
                with self.subTest(mode=mode):
                    result = run_judge(tests, SOLUTION, mode)
                    self.assertEqual(result["status"], "error", result)
                    self.assertIn("no test ran", result["message"])

    def test_the_learners_module_failing_to_import_is_not_a_skip(self):
        broken = "import not_a_real_module\n\ndef add(a, b):\n    return a + b\n"
        for mode in ("isolated", "inproc"):
            with self.subTest(mode=mode):
                # Another file passes without the learner's code: skipped, the file that needs it
                # would have left a pass.
                result = run_judge_files(
                    [_file("maybe_test.py", IMPORTS_SOLUTION_OR_SKIPS), _file("true_test.py", TRUE_TESTS)],
                    broken,
                    mode,
                )
                # An error loading the tests, or (isolated: the learner's module is imported on
                # first use) the test that uses it errs: never a pass, never a skip.
                self.assertIn(result["status"], ("error", "fail"), result)
                self.assertNotIn("skip", [t["status"] for t in result["tests"]])

    def test_tmpdir_is_a_py_path_local_the_learner_can_write_into(self):
        for mode in ("isolated", "inproc"):
            with self.subTest(mode=mode):
                result = run_judge(TMPDIR_TESTS, SOLUTION, mode)
                self.assertEqual(result["status"], "pass", result)
                self.assertEqual(len(result["tests"]), 2)


if __name__ == "__main__":
    unittest.main()
