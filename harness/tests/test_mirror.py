"""What a test changes in the standard library reaches the learner's code in the other process,
as in one process (isolation/mirror.py), through the real judge: patched builtins, `sys.argv`
and `sys.stdin`, mocked module functions, environment variables, the working directory and
`random.seed`; undone when the test undoes them; sent again to a new host after a time limit;
never the harness's own seeding."""
import unittest

from .judge_process import run_judge

SOLUTION = """
import os, random, sys, time

def ask():
    return int(input("How many? ")) * 2

def greet(name):
    print(f"Hello, {name}!")

def args():
    return sys.argv[1:]

def lines():
    return [line.strip() for line in sys.stdin]

def mode():
    return os.environ.get("APP_MODE", "dev")

def read_here():
    with open("data.txt") as f:
        return f.read()

def rolls():
    return [random.randint(1, 6) for _ in range(5)]

def draw():
    return random.random()

def wait():
    time.sleep(60)
    return "done"

def spin():
    while True:
        pass
"""


def _statuses(result):
    return {t["name"]: t["status"] for t in result["tests"]}


class TheTestsPatchesReachTheLearnersCode(unittest.TestCase):
    def test_patches_apply_and_are_undone(self):
        result = run_judge(
            """
            import io, os, random, sys, time
            from unittest import mock
            from unittest.mock import call, patch
            from solution import ask, greet, args, lines, mode, read_here, rolls, wait

            def test_input(monkeypatch):
                monkeypatch.setattr("builtins.input", lambda prompt: "21")
                assert ask() == 42

            @patch("builtins.input", side_effect=["4"])
            def test_input_decorator(mock_input, tmp_path):
                assert ask() == 8
                mock_input.assert_called_once_with("How many? ")

            def test_print():
                with patch("builtins.print") as printed:
                    greet("Ada")
                assert printed.call_args_list == [call("Hello, Ada!")]

            def test_argv_and_stdin(monkeypatch):
                monkeypatch.setattr(sys, "argv", ["prog", "a", "b"])
                monkeypatch.setattr("sys.stdin", io.StringIO("1\\n2\\n"))
                assert args() == ["a", "b"] and lines() == ["1", "2"]

            def test_argv_undone():
                assert args() != ["a", "b"]

            def test_environment(monkeypatch):
                monkeypatch.setenv("APP_MODE", "prod")
                assert mode() == "prod"
                with mock.patch.dict(os.environ, {"APP_MODE": "test"}):
                    assert mode() == "test"
                assert mode() == "prod"

            def test_environment_undone():
                assert mode() == "dev"

            def test_directory(tmp_path, monkeypatch):
                (tmp_path / "data.txt").write_text("here")
                monkeypatch.chdir(tmp_path)
                assert read_here() == "here"

            def test_module_function():
                with patch("time.sleep") as slept:
                    assert wait() == "done"
                slept.assert_called_once_with(60)

            def test_seed():
                random.seed(7)
                first = rolls()
                random.seed(7)
                assert rolls() == first
                random.seed(7)
                assert [random.randint(1, 6) for _ in range(5)] == first
            """,
            SOLUTION,
        )
        self.assertEqual(
            [t for t in result["tests"] if t["status"] != "pass"], [], "every patch reaches the learner's code"
        )
        self.assertEqual(len(result["tests"]), 10)

    def test_a_new_host_gets_the_patches_still_in_place(self):
        result = run_judge(
            """
            import sys
            import pytest
            from solution import args, spin

            @pytest.fixture(autouse=True)
            def argv(monkeypatch):
                monkeypatch.setattr(sys, "argv", ["prog", "x"])

            def test_spin():
                spin()

            def test_after_the_time_limit():
                assert args() == ["x"]
            """,
            SOLUTION,
            limits={"test_timeout_s": 1},
        )
        self.assertEqual(_statuses(result), {"spin": "error", "after_the_time_limit": "pass"})

    def test_the_harness_seed_stays_in_the_judge(self):
        # Before each test the judge seeds its own `random` from the grade's seed; the learner's
        # process must not be seeded with it (it could replay the tests' draws).
        result = run_judge(
            """
            import random
            from solution import draw

            def test_draws_differ():
                assert draw() != random.random()
            """,
            SOLUTION,
            job_extra={"seed": 1234},
        )
        self.assertEqual(_statuses(result), {"draws_differ": "pass"})


class TheLearnersProcessCannotChangeTheJudge(unittest.TestCase):
    def test_changes_from_the_learner_are_refused(self):
        from pydojo_harness.isolation.policy import JudgePolicy
        from pydojo_harness.isolation.wire import ProtocolError

        with self.assertRaises(ProtocolError):
            JudgePolicy(None).apply_changes([["attr", "builtins", "len", "set", None]])


if __name__ == "__main__":
    unittest.main()


PROGRAM = """
n = int(input("Number: "))
print(n * n)
"""


class TheTestsRunTheLearnersProgram(unittest.TestCase):
    """A program that reads input() and prints, run by the tests as in one process
    (isolation/scripts.py): the learner's file runs in the learner's process."""

    def test_each_way_of_running_it(self):
        result = run_judge(
            """
            import importlib, runpy, subprocess, sys

            def test_import(monkeypatch, capsys):
                monkeypatch.setattr("builtins.input", lambda prompt: "5")
                import solution
                assert capsys.readouterr().out == "25\\n"

            def test_reload(monkeypatch, capsys):
                monkeypatch.setattr("builtins.input", lambda prompt: "6")
                import solution
                importlib.reload(solution)
                assert capsys.readouterr().out == "36\\n"

            def test_run_path(monkeypatch, capsys):
                monkeypatch.setattr("builtins.input", lambda prompt: "7")
                runpy.run_path("solution.py")
                assert capsys.readouterr().out == "49\\n"

            def test_run_module(monkeypatch, capsys):
                monkeypatch.setattr("builtins.input", lambda prompt: "8")
                runpy.run_module("solution", run_name="__main__")
                assert capsys.readouterr().out == "64\\n"

            def test_subprocess():
                done = subprocess.run([sys.executable, "solution.py"], input="9\\n", capture_output=True, text=True)
                assert done.stdout == "Number: 81\\n" and done.returncode == 0

            def test_other_commands_run_as_they_would():
                done = subprocess.run([sys.executable, "-c", "print(2 + 2)"], capture_output=True, text=True)
                assert done.stdout == "4\\n"

            def test_a_wrong_answer_fails(monkeypatch, capsys):
                monkeypatch.setattr("builtins.input", lambda prompt: "3")
                runpy.run_path("solution.py")
                assert capsys.readouterr().out == "10\\n"
            """,
            PROGRAM,
        )
        self.assertEqual(
            _statuses(result),
            {
                "import": "pass",
                "reload": "pass",
                "run_path": "pass",
                "run_module": "pass",
                "subprocess": "pass",
                "other_commands_run_as_they_would": "pass",
                "a_wrong_answer_fails": "fail",
            },
            result,
        )


class TheTestsRunTheLearnersDoctests(unittest.TestCase):
    """`doctest.testmod(solution)` runs the examples in the learner's docstrings where the
    learner's module is, as in one process, in both modes; a wrong example fails with
    doctest's report in the test's output."""

    TESTS = """
        import doctest
        import solution

        def test_examples():
            failed, attempted = doctest.testmod(solution)
            assert (failed, attempted) == (0, 2)
        """
    RIGHT = '''
def area(w, h):
    """
    >>> area(2, 3)
    6
    >>> area(0, 5)
    0
    """
    return w * h
'''

    def test_right_and_wrong_examples(self):
        for mode in ("isolated", "inprocess"):
            result = run_judge(self.TESTS, self.RIGHT, mode=mode)
            self.assertEqual(_statuses(result), {"examples": "pass"}, (mode, result))
            result = run_judge(self.TESTS, self.RIGHT.replace("w * h", "w + h"), mode=mode)
            self.assertEqual(_statuses(result), {"examples": "fail"}, (mode, result))
            self.assertIn("Failed example:\n    area(0, 5)\nExpected:\n    0\nGot:\n    5", result["tests"][0]["output"], mode)


class TheLearnersLogRecordsAreBounded(unittest.TestCase):
    def test_made_up_and_flooded_records(self):
        # The learner's process can put anything in its replies: records are replayed only
        # while a test's caplog captures, and at most MAX_LOG_RECORDS_PER_GRADE a grade.
        result = run_judge(
            """
            import logging
            from solution import flood

            def test_without_caplog():
                flood(10)

            def test_flood(caplog):
                for _ in range(30):
                    flood(1000)
                assert len(caplog.records) == 20_000

            def test_made_up_records_without_caplog_are_dropped(capsys):
                flood(5)
                assert capsys.readouterr().out == ""
            """,
            """
            import pydojo_harness.isolation.mirror as mirror

            def flood(n):
                # Past the host's own bound, straight into what the next reply carries.
                mirror._logs.extend([["x", 40, "forged " * 10, "f.py", 1, "f"]] * n)
            """,
        )
        self.assertEqual(
            _statuses(result),
            {"without_caplog": "pass", "flood": "pass", "made_up_records_without_caplog_are_dropped": "pass"},
            result,
        )
