"""Method calls in the tests: `obj.name(args)` goes through `assertmsg.method_of`, which is a
plain lookup for the tests' own objects and one exchange with the learner's process (lookup and
call together) for the learner's objects."""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import unittest

from pydojo_harness import rewrite

HARNESS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Grades the job in argv[2] in isolated mode and prints the result and the ops of the judge's
# requests to the learner's process.
COUNTING = """
import json, sys
sys.path.insert(0, sys.argv[1])
from pydojo_harness import judge
from pydojo_harness.isolation import endpoint
ops, names = [], []
original = endpoint.Endpoint.request
def counting(self, message, track=None):
    ops.append(message.get("op"))
    names.append(message.get("n"))
    return original(self, message, track)
endpoint.Endpoint.request = counting
result = judge.run_job(json.loads(sys.argv[2]))
print(json.dumps([result, ops, names]))
"""


def load(source, filename="test_example.py"):
    namespace = {"__name__": "example"}
    exec(rewrite.compile_test_module(textwrap.dedent(source), filename), namespace)
    return namespace


class RewrittenCallsTest(unittest.TestCase):
    def test_the_method_is_looked_up_before_the_arguments_as_python_does(self):
        ns = load(
            """
            order = []
            class Obj:
                def __getattribute__(self, name):
                    order.append("lookup " + name)
                    return object.__getattribute__(self, name)
                def echo(self, x):
                    return x
            def arg():
                order.append("argument")
                return 1
            def outside():
                return Obj().echo(arg())
            def inside():
                assert Obj().echo(arg()) == 1
            """
        )
        self.assertEqual(ns["outside"](), 1)
        self.assertEqual(ns["order"], ["lookup echo", "argument"])
        ns["order"].clear()
        ns["inside"]()
        self.assertEqual(ns["order"], ["lookup echo", "argument"])

    def test_private_and_special_names_and_super_work_as_before(self):
        ns = load(
            """
            class Base:
                def hello(self):
                    return "base"
            class Child(Base):
                def __secret(self):
                    return "mangled"
                def hello(self):
                    return super().hello() + " " + self.__secret() + " " + str([1, 2].__len__())
            def test_it():
                assert Child().hello() == "base mangled 2"
            """
        )
        self.assertEqual(ns["Child"]().hello(), "base mangled 2")
        ns["test_it"]()

    def test_a_module_without_asserts_gets_the_helper(self):
        ns = load("items = []\nitems.append(3)\n")
        self.assertEqual(ns["items"], [3])

    def test_a_missing_method_still_raises_attribute_error(self):
        ns = load("def call(x):\n    return x.nope()\n")
        with self.assertRaises(AttributeError):
            ns["call"](object())


class IsolatedCallsTest(unittest.TestCase):
    """In isolated mode, counted at the judge's end of the pipe."""

    def test_each_method_call_on_a_learner_object_is_one_exchange(self):
        root = tempfile.mkdtemp(prefix="pydojo-calls-")
        self.addCleanup(shutil.rmtree, root, True)
        os.makedirs(os.path.join(root, "solution"))
        os.makedirs(os.path.join(root, "work"))
        with open(os.path.join(root, "solution", "stack.py"), "w") as f:
            f.write("class Stack:\n    def __init__(self):\n        self.items = []\n"
                    "    def push(self, x):\n        self.items.append(x)\n"
                    "    def size(self):\n        return len(self.items)\n")
        tests = textwrap.dedent(
            """
            import pytest
            from stack import Stack

            def test_many():
                s = Stack()
                for i in range(50):
                    s.push(i)
                assert s.size() == 50

            def test_missing_method():
                with pytest.raises(AttributeError):
                    Stack().pop()
            """
        )
        job = {
            "mode": "isolated",
            "tests": [{"path": "stack_test.py", "source": tests}],
            "solution_dir": os.path.join(root, "solution"),
            "solution_modules": ["stack"],
            "work_dir": os.path.join(root, "work"),
            "limits": {"test_timeout_s": 10, "memory_bytes": 1 << 30, "output_bytes": 1 << 20},
        }
        # In a process of its own: a grade changes the process it runs in (sys.modules, undumpable).
        done = subprocess.run(
            [sys.executable, "-I", "-S", "-c", COUNTING, HARNESS, json.dumps(job)],
            capture_output=True,
            timeout=60,
        )
        self.assertEqual(done.returncode, 0, done.stderr.decode())
        result, ops, names = json.loads(done.stdout)
        self.assertEqual([t["status"] for t in result["tests"]], ["pass", "pass"], result)
        # 50 pushes, size() and pop(): one exchange each, never a getattr and then a call.
        self.assertEqual(ops.count("callattr"), 52, ops)
        self.assertLess(len(ops), 60, ops)
        # Collecting never asks the learner's objects whether they are fixtures (they can't be:
        # fixtures are the tests' own functions), which cost an exchange per imported name.
        self.assertNotIn("_pydojo_fixture", names, list(zip(ops, names)))


if __name__ == "__main__":
    unittest.main()
