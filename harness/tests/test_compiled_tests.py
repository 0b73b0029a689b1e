"""Compile-only runs, and grades that load the code they made instead of compiling their tests."""
import unittest

from tests.judge_process import run_judge_files

TESTS = """\
from solution import double


def test_double():
    assert double(2) == 4


def test_double_negative():
    assert double(-3) == -6
"""

WRONG = "def double(x):\n    return x + 2\n"


def compile_only(files):
    return run_judge_files(files, "", job_extra={"compile_only": True})


class CompileOnlyTest(unittest.TestCase):
    def test_compiles_each_python_test_file_and_leaves_out_the_rest(self):
        reply = compile_only(
            [
                {"path": "solution_test.py", "source": TESTS},
                {"path": "broken_test.py", "source": "def test_x(:\n"},
                {"path": "schema.sql", "source": "CREATE TABLE t (x);"},
            ]
        )
        self.assertEqual([c["path"] for c in reply["compiled"]], ["solution_test.py"])
        self.assertRegex(reply["magic"], r"^[0-9a-f]{8}$")
        self.assertNotIn("tests", reply)  # a compile-only run grades nothing

    def test_a_grade_with_the_code_gives_what_a_grade_without_it_gives(self):
        made = compile_only([{"path": "solution_test.py", "source": TESTS}])
        code = made["compiled"][0]["code"]
        files = [{"path": "solution_test.py", "source": TESTS, "code": code, "magic": made["magic"]}]
        with_code = run_judge_files(files, WRONG)
        without = run_judge_files([{"path": "solution_test.py", "source": TESTS}], WRONG)
        self.assertEqual(with_code["status"], "fail")
        strip = lambda r: [{k: v for k, v in t.items() if k != "duration_ms"} for t in r["tests"]]  # noqa: E731
        self.assertEqual(strip(with_code), strip(without))
        # The rewritten asserts are in the loaded code: the failure shows what each side was.
        self.assertIn("where -1 = double(-3)", with_code["tests"][1]["message"])

    def test_code_of_another_python_or_another_file_is_not_used(self):
        made = compile_only([{"path": "solution_test.py", "source": TESTS}])
        code = made["compiled"][0]["code"]
        # Code made for these tests, sent with tests that pass only when compiled from source:
        # the loaded code would fail; the judge must compile the source it was sent instead.
        passing = "def test_fine():\n    assert True\n"
        for extra in (
            {"code": code, "magic": "00000000"},  # another Python's bytecode
            {"code": "bm90IG1hcnNoYWw=", "magic": made["magic"]},  # not marshal data
        ):
            result = run_judge_files([{"path": "solution_test.py", "source": passing, **extra}], WRONG)
            self.assertEqual(result["status"], "pass", extra)
            self.assertEqual([t["name"] for t in result["tests"]], ["fine"])
        # Code made for a file of another name is refused too.
        other = compile_only([{"path": "other_test.py", "source": passing + "def test_more():\n    assert False\n"}])
        files = [{"path": "solution_test.py", "source": passing, "code": other["compiled"][0]["code"], "magic": other["magic"]}]
        self.assertEqual(run_judge_files(files, WRONG)["status"], "pass")


if __name__ == "__main__":
    unittest.main()
