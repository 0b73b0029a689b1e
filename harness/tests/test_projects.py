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
