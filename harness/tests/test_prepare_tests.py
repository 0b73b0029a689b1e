"""judge.prepare_tests: what a browser's worker runs before an exercise's first Run."""
import json
import os
import subprocess
import sys
import tempfile
import textwrap
import unittest

HARNESS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

TESTS = """\
import xml.dom.minidom
from solution import double
from . import sibling


def test_double():
    import colorsys
    assert double(2) == 4
"""

PROBE = textwrap.dedent(
    """
    import json, os, sys
    sys.path.insert(0, sys.argv[1])
    sys.path.insert(0, sys.argv[2])
    from pydojo_harness import judge, rewrite
    tests = json.loads(sys.argv[3])
    before = {"xml.dom.minidom": "xml.dom.minidom" in sys.modules, "colorsys": "colorsys" in sys.modules}
    judge.prepare_tests(json.dumps({"tests": tests}))
    print(json.dumps({
        "before": before,
        "stdlib": ["xml.dom.minidom" in sys.modules, "colorsys" in sys.modules],
        "solution_imported": "solution" in sys.modules,
        "marker": os.path.exists(os.path.join(sys.argv[2], "imported")),
        "compiled": [list(key) for key in rewrite._COMPILED],
    }))
    """
)


def prepare(tests):
    with tempfile.TemporaryDirectory() as learner:
        # A learner's module that leaves a mark if anything imports it.
        with open(os.path.join(learner, "solution.py"), "w") as f:
            f.write("import os\nopen(os.path.join(os.path.dirname(__file__), 'imported'), 'w').close()\n")
            f.write("def double(x):\n    return 2 * x\n")
        out = subprocess.run(
            [sys.executable, "-I", "-c", PROBE, HARNESS, learner, json.dumps(tests)],
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        return json.loads(out.stdout)


class PrepareTestsTest(unittest.TestCase):
    def test_compiles_the_tests_and_imports_only_the_standard_library(self):
        found = prepare([{"path": "solution_test.py", "source": TESTS}])
        self.assertEqual(found["before"], {"xml.dom.minidom": False, "colorsys": False})
        self.assertEqual(found["stdlib"], [True, True])
        # Nothing of the learner's ran: their module was neither imported nor executed.
        self.assertFalse(found["solution_imported"])
        self.assertFalse(found["marker"])
        self.assertIn(["solution_test.py", TESTS], found["compiled"])

    def test_a_test_file_that_does_not_parse_is_left_for_the_grade(self):
        found = prepare(
            [
                {"path": "broken_test.py", "source": "import colorsys\ndef test_x(:\n"},
                {"path": "solution_test.py", "source": TESTS},
            ]
        )
        self.assertEqual([path for path, _ in found["compiled"]], ["solution_test.py"])
        self.assertFalse(found["marker"])


if __name__ == "__main__":
    unittest.main()
