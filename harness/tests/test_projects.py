"""Project stages: a test file's stage becomes its tests' task_id, and a grade's seed seeds
`random` before each test (same seed, same inputs; another seed, other inputs)."""
import unittest

from .judge_process import run_judge

TESTS = """
import random

import pytest

from solution import double


def test_draw():
    n = random.randint(1, 10**9)
    print(n)
    assert double(n) == 2 * n


@pytest.mark.task(taskno=1)
def test_marked():
    assert double(1) == 2
"""
SOLUTION = "def double(n):\n    return 2 * n\n"


class ProjectStageTests(unittest.TestCase):
    def test_file_stage_is_task_id_unless_marked(self):
        result = run_judge(TESTS, SOLUTION, test_extra={"task": 3})
        self.assertEqual(result["status"], "pass")
        self.assertEqual([t["task_id"] for t in result["tests"]], [3, 1])

    def test_seed_repeats_inputs_and_is_echoed(self):
        first = run_judge(TESTS, SOLUTION, job_extra={"seed": 7})
        again = run_judge(TESTS, SOLUTION, job_extra={"seed": 7})
        other = run_judge(TESTS, SOLUTION, job_extra={"seed": 8})
        self.assertEqual(first["seed"], 7)
        self.assertEqual(first["tests"][0]["output"], again["tests"][0]["output"])
        self.assertNotEqual(first["tests"][0]["output"], other["tests"][0]["output"])

    def test_without_seed_nothing_is_seeded_or_echoed(self):
        result = run_judge(TESTS, SOLUTION)
        self.assertNotIn("seed", result)
        self.assertEqual(result["tests"][0]["task_id"], None)


if __name__ == "__main__":
    unittest.main()


class UnloadableStageTests(unittest.TestCase):
    def test_a_stage_that_cannot_import_errors_alone(self):
        from .judge_process import run_judge_files

        result = run_judge_files(
            [
                {"path": "test_01_a.py", "source": "from solution import double\n\ndef test_a():\n    assert double(2) == 4\n", "task": 1},
                {"path": "test_02_b.py", "source": "from solution import triple\n\ndef test_b():\n    assert triple(2) == 6\n", "task": 2},
            ],
            SOLUTION,
            job_extra={"learner_named_modules": True},
        )
        self.assertEqual(result["status"], "fail")
        self.assertEqual([(t["task_id"], t["status"]) for t in result["tests"]], [(1, "pass"), (2, "error")])
        self.assertIn("triple", result["tests"][1]["message"])
        self.assertEqual(result["tests"][1]["name"], "test_02_b.py could not run")

    def test_an_exercise_import_error_still_stops_the_grade(self):
        result = run_judge("from solution import triple\n\ndef test_b():\n    pass\n", SOLUTION)
        self.assertEqual(result["status"], "error")
        self.assertEqual(result["tests"], [])


class HiddenFileTests(unittest.TestCase):
    """A hidden file's tests say so in every record (subtests and an unloadable file too), so
    the server can show a learner only their names and statuses; the visible ones do not."""

    def test_every_record_of_a_hidden_file_is_marked(self):
        from .judge_process import run_judge_files

        hidden = (
            "import unittest\nfrom solution import double\n\n"
            "def test_more():\n    assert double(3) == 7\n\n"
            "class MoreTest(unittest.TestCase):\n"
            "    def test_cases(self):\n"
            "        for n in (1, 2):\n"
            "            with self.subTest(n=n):\n"
            "                self.assertEqual(double(n), 0)\n"
        )
        result = run_judge_files(
            [
                {"path": "test_01_a.py", "source": "from solution import double\n\ndef test_a():\n    assert double(2) == 3\n", "task": 1},
                {"path": "test_01_hidden.py", "source": hidden, "task": 1, "hidden": True},
                {"path": "test_02_hidden.py", "source": "from solution import triple\n", "task": 2, "hidden": True},
            ],
            SOLUTION,
            job_extra={"learner_named_modules": True},
        )
        marks = [(t["name"], t.get("hidden", False)) for t in result["tests"]]
        self.assertEqual(marks[0], ("a", False))
        self.assertEqual(len(marks), 6)  # a, more, the unittest test and its 2 subtests, test_02
        self.assertTrue(all(hidden for _, hidden in marks[1:]), marks)
        self.assertEqual(marks[-1][0], "test_02_hidden.py could not run")
        self.assertNotIn("hidden", result["tests"][0])
