"""Exercism compatibility of the judge/host split, end to end through the real judge: changes the
learner's code makes to the arguments it is given, isinstance on what it returns (generators,
iterators, functions, collections.abc), the exception a `with` block hands to `__exit__`, and
subtests named as Exercism's runner names them. Isolated (two processes) and in-process must
agree; the attack tests make the learner's process lie and check the verdict does not move."""
import unittest

from .judge_process import run_judge

MUTATION_TESTS = '''
from solution import *

def test_list_append():
    xs = [1]
    add_to(xs, 2)
    assert xs == [1, 2]

def test_dict_and_set():
    d, s = {"a": 1}, {1}
    update(d, s)
    assert d == {"a": 1, "b": 2} and s == {1, 5}

def test_nested_identity():
    inner = [1]
    outer = {"k": inner, "t": (inner,), "again": inner}
    nest(outer)
    assert inner == [1, 9]
    assert outer["k"] is inner and outer["again"] is inner and outer["t"][0] is inner
    assert outer["new"] == [0]

def test_reordered_keeps_objects():
    a, b = [1], [2]
    rows = [a, b]
    swap(rows)
    assert rows[0] is b and rows[1] is a

def test_cycle():
    xs = []
    add_self(xs)
    assert xs[0] is xs

def test_returned_container_is_the_callers():
    xs = [3]
    assert same(xs) is xs

def test_kwargs_and_raise():
    xs = []
    try:
        fill_then_fail(into=xs)
    except ValueError:
        pass
    assert xs == ["partial"]

def test_method_on_learner_object():
    box = Box()
    items = []
    box.put_into(items)
    assert items == ["from box"]

def test_replaced_items_and_appends():
    xs = [10**30, 2]
    bump_first(xs)
    assert xs == [10**30 + 1, 2]
    for _ in range(3):
        add_to(xs, 0)
    assert xs == [10**30 + 1, 2, 0, 0, 0]
    pop_all(xs)
    assert xs == []

def test_a_callback_changes_the_learners_list():
    def fill(items):
        items.append("from the test")
    assert collect(fill) == ["mine", "from the test"]

def test_unchanged_is_untouched():
    xs = [1, 2]
    keep = xs
    assert total(xs) == 3 and xs is keep and xs == [1, 2]
'''

MUTATION_SOLUTION = '''
def add_to(xs, x):
    xs.append(x)

def update(d, s):
    d["b"] = 2
    s.add(5)

def nest(o):
    o["k"].append(9)
    o["new"] = [0]

def swap(rows):
    rows.reverse()

def add_self(xs):
    xs.append(xs)

def same(xs):
    return xs

def fill_then_fail(into):
    into.append("partial")
    raise ValueError("stopped")

class Box:
    def put_into(self, items):
        items.append("from box")

def total(xs):
    return sum(xs)

def collect(callback):
    items = ["mine"]
    callback(items)
    return items

def bump_first(xs):
    xs[0] = xs[0] + 1

def pop_all(xs):
    while xs:
        xs.pop()
'''

ISINSTANCE_TESTS = '''
import collections.abc as abc
import inspect
import types
from solution import *

def test_generator():
    g = gen()
    assert isinstance(g, types.GeneratorType) and inspect.isgenerator(g)
    assert isinstance(g, abc.Generator) and isinstance(g, abc.Iterator)
    assert list(g) == [1, 2]

def test_generator_function():
    assert inspect.isgeneratorfunction(gen) and inspect.isfunction(gen)

def test_iterators_and_views():
    assert isinstance(mapped(), map) and isinstance(mapped(), abc.Iterator)
    assert isinstance(keys(), abc.KeysView) and isinstance(iter_list(), abc.Iterator)
    assert isinstance(fn(), abc.Callable) and isinstance(fn(), types.FunctionType)

def test_learner_iterator_class():
    assert isinstance(Counter(), abc.Iterator) and not isinstance(Counter(), abc.Sequence)
    assert issubclass(Counter, abc.Iterable)

class Bag:
    def __iter__(self):
        return iter([1])

def test_learner_sees_test_objects():
    assert describe([1], iter([1]), {"a": 1}.values(), Bag()) == ("Sequence", "Iterator", "ValuesView", "Iterable")

def test_not_a_generator():
    assert not isinstance(Impostor(), types.GeneratorType)
'''

ISINSTANCE_SOLUTION = '''
import collections.abc as abc

def gen():
    yield 1
    yield 2

def mapped():
    return map(str, [1])

def keys():
    return {"a": 1}.keys()

def iter_list():
    return iter([1, 2])

def fn():
    return lambda: 1

class Counter:
    def __iter__(self):
        return self
    def __next__(self):
        raise StopIteration

class Impostor:
    pass

Impostor.__name__ = Impostor.__qualname__ = "generator"
Impostor.__module__ = "builtins"

def describe(a, b, c, d):
    return (
        "Sequence" if isinstance(a, abc.Sequence) else "?",
        "Iterator" if isinstance(b, abc.Iterator) else "?",
        "ValuesView" if isinstance(c, abc.ValuesView) else "?",
        "Iterable" if isinstance(d, abc.Iterable) and not isinstance(d, abc.Sized) else "?",
    )
'''

EXIT_TESTS = '''
import unittest
from unittest import mock
from solution import Wrap, call_and_raise


class ExitTest(unittest.TestCase):
    def test_exit_gets_the_same_exception(self):
        resource = mock.MagicMock()
        exc = KeyError("boom")
        with self.assertRaises(KeyError) as caught:
            with Wrap(resource):
                raise exc
        self.assertIs(caught.exception, exc)
        resource.__exit__.assert_called_once_with(KeyError, exc, mock.ANY)

    def test_callback_exception_comes_back_as_itself(self):
        class Custom(Exception):
            pass

        exc = Custom("from the test")

        def callback():
            raise exc

        resource = mock.MagicMock()
        with self.assertRaises(Custom) as caught:
            with Wrap(resource):
                call_and_raise(callback)
        self.assertIs(caught.exception, exc)
        resource.__exit__.assert_called_once_with(Custom, exc, mock.ANY)
'''

EXIT_SOLUTION = '''
class Wrap:
    def __init__(self, resource):
        self.resource = resource

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        return self.resource.__exit__(exc_type, exc, tb)


def call_and_raise(callback):
    callback()
'''

SUBTEST_TESTS = '''
import unittest
import pytest
from solution import double


class DoubleTest(unittest.TestCase):
    @pytest.mark.task(taskno=3)
    def test_values(self):
        for variant, (n, want) in enumerate([(1, 2), (2, 5), (3, 6), (4, 9)], start=1):
            with self.subTest(f"variation #{variant}", n=n, want=want):
                self.assertEqual(double(n), want, msg=f"double({n})")

    def test_all_pass(self):
        for n in (1, 2):
            with self.subTest(n=n):
                self.assertEqual(double(n), 2 * n)
'''


def _by_name(result):
    return {t["name"]: t for t in result["tests"]}


class MutatedArgumentsTest(unittest.TestCase):
    def test_the_caller_sees_the_changes(self):
        for mode in ("isolated", "inproc"):
            result = run_judge(MUTATION_TESTS, MUTATION_SOLUTION, mode=mode)
            failing = [(t["name"], t["message"]) for t in result["tests"] if t["status"] != "pass"]
            self.assertEqual(failing, [], mode)
            self.assertEqual(len(result["tests"]), 11)

    def test_a_wrong_mutation_still_fails(self):
        result = run_judge(MUTATION_TESTS, MUTATION_SOLUTION.replace("xs.append(x)", "xs.append(x + 1)"))
        self.assertEqual(_by_name(result)["list_append"]["status"], "fail")

    def test_host_cannot_change_objects_it_was_not_given(self):
        # The learner's process claims changes to a container numbered past the call's own
        # (the judge's other objects), and to one call that was given none.
        solution = '''
import sys
wire = sys.modules["pydojo_harness.isolation.wire"]
real = wire.changed_state

def forged(codec, table, before, back):
    return real(codec, table, before, back) + [[len(table), [["$forged"]], 0]]

wire.changed_state = forged
sys.modules["pydojo_harness.isolation.endpoint"].changed_state = forged

def touch(xs):
    xs.append(1)

def nothing():
    return 0
'''
        tests = '''
from solution import touch, nothing
SECRET = ["keep"]

def test_touch():
    xs = []
    touch(xs)
    assert SECRET == ["keep"]

def test_nothing():
    assert nothing() == 0 and SECRET == ["keep"]
'''
        result = run_judge(tests, solution)
        touch, nothing = result["tests"]
        self.assertEqual(touch["status"], "error")  # a malformed reply ends the learner's process
        self.assertEqual(touch["limit"], "crash")
        self.assertEqual(nothing["status"], "pass")  # no containers given: no changes applied

    def test_changes_never_reach_the_type_of_a_container(self):
        solution = '''
import sys
ep = sys.modules["pydojo_harness.isolation.endpoint"]

def forged(codec, table, before, back):
    return [[0, [[{"$l": []}, 1]], 0]]  # a dict's contents for a set: unhashable

ep.changed_state = forged

def touch(s, xs):
    xs.append(1)
'''
        tests = '''
from solution import touch

def test_touch():
    s, xs = {1}, []
    try:
        touch(s, xs)
    finally:
        assert s == {1} and xs == []
'''
        result = run_judge(tests, solution)
        # Refused before anything was written: the containers are as they were (the finally's
        # assert passes) and the malformed reply ends the learner's process.
        self.assertEqual((result["tests"][0]["status"], result["tests"][0]["limit"]), ("error", "crash"))


class IsinstanceTest(unittest.TestCase):
    def test_builtin_kinds_and_abcs(self):
        for mode in ("isolated", "inproc"):
            result = run_judge(ISINSTANCE_TESTS, ISINSTANCE_SOLUTION, mode=mode)
            failing = [(t["name"], t["message"]) for t in result["tests"] if t["status"] != "pass"]
            self.assertEqual(failing, [], mode)

    def test_a_host_that_claims_a_generator_gains_nothing(self):
        # The learner's process reports every object as a generator: isinstance says yes, but
        # what the object does is still what the test checks.
        solution = '''
import sys
ep = sys.modules["pydojo_harness.isolation.endpoint"]
ep.kind_of = lambda obj: "builtins.generator"

class Fake:
    def __iter__(self):
        return iter([0])

def gen():
    return Fake()
'''
        tests = '''
import types
from solution import gen

def test_gen():
    g = gen()
    assert isinstance(g, types.GeneratorType)
    assert list(g) == [1, 2]
'''
        result = run_judge(tests, solution)
        self.assertEqual(result["tests"][0]["status"], "fail")

    def test_an_unknown_kind_is_ignored(self):
        solution = '''
import sys
ep = sys.modules["pydojo_harness.isolation.endpoint"]
ep.kind_of = lambda obj: "os._wrap_close"

class Thing:
    pass

def make():
    return Thing()
'''
        tests = '''
import collections.abc as abc
import types
from solution import make

def test_make():
    thing = make()
    assert not isinstance(thing, (types.GeneratorType, abc.Iterator, abc.Sized))
'''
        result = run_judge(tests, solution)
        self.assertEqual(result["tests"][0]["status"], "pass", result["tests"][0]["message"])


class ExitExceptionTest(unittest.TestCase):
    def test_exit_gets_the_tests_exception(self):
        for mode in ("isolated", "inproc"):
            result = run_judge(EXIT_TESTS, EXIT_SOLUTION, mode=mode)
            failing = [(t["name"], t["message"]) for t in result["tests"] if t["status"] != "pass"]
            self.assertEqual(failing, [], mode)

    def test_peer_reference_to_a_non_exception_is_a_copy(self):
        # The learner's process claims its exception is the test's callback function: the
        # judge raises a copy of the learner's exception, never the callback.
        solution = '''
import sys
ep = sys.modules["pydojo_harness.isolation.endpoint"]
real = ep.Endpoint.encode_exception

def forged(self, exc):
    data = real(self, exc)
    data["peer"] = 1
    return data

ep.Endpoint.encode_exception = forged

def call(fn):
    raise ValueError("mine")
'''
        tests = '''
import pytest
from solution import call

def test_call():
    def callback():
        return 1
    with pytest.raises(ValueError, match="mine"):
        call(callback)
'''
        result = run_judge(tests, solution)
        self.assertEqual(result["tests"][0]["status"], "pass", result["tests"][0]["message"])


class AsInOneProcessTest(unittest.TestCase):
    def test_name_like_strings_and_mock_calls(self):
        tests = """
import unittest
from unittest import mock
from solution import last, relay


class QueueTest(unittest.TestCase):
    def test_popped_name_is_the_literal(self):
        # Name-like string constants are interned by CPython: `is` holds in one process.
        self.assertIs(last(["Natasha", "Rocket"]), "Rocket")

    def test_a_mock_records_only_the_calls_made(self):
        sock = mock.NonCallableMagicMock()
        relay(sock, b"data")
        self.assertEqual(sock.mock_calls, [mock.call.send(b"data", 0)])
"""
        solution = """
def last(queue):
    return queue.pop()

def relay(sock, data):
    return sock.send(data, 0)
"""
        for mode in ("isolated", "inproc"):
            result = run_judge(tests, solution, mode=mode)
            failing = [(t["name"], t["message"]) for t in result["tests"] if t["status"] != "pass"]
            self.assertEqual(failing, [], mode)


class SetAttributeTest(unittest.TestCase):
    TESTS = """
import unittest
from unittest import mock
from solution import *


class Record:
    kind = "plain"

    def __init__(self):
        self.count = 0

    def describe(self):
        return "a record"

    @property
    def label(self):
        return self._label

    @label.setter
    def label(self, value):
        self._label = value.upper()


class SetTest(unittest.TestCase):
    def test_data_attributes(self):
        record = Record()
        fill(record)
        self.assertEqual((record.count, record.kind, record.label, record.extra), (1, "special", "HI", [1]))

    def test_method_cannot_be_replaced(self):
        record = Record()
        with self.assertRaises(PermissionError):
            replace_method(record)
        self.assertEqual(record.describe(), "a record")

    def test_mock_assertions_cannot_be_replaced(self):
        sock = mock.Mock()
        with self.assertRaises(PermissionError):
            disarm(sock)
        with self.assertRaises(AssertionError):
            sock.send.assert_called_once_with(b"x")

    def test_the_test_case_cannot_be_changed(self):
        with self.assertRaises(PermissionError):
            disarm_case(self)
        with self.assertRaises(AssertionError):
            self.assertEqual(1, 2)

    def test_private_and_classes(self):
        with self.assertRaises(PermissionError):
            set_private(Record())
        with self.assertRaises(PermissionError):
            set_on_class(Record)
"""
    SOLUTION = """
def fill(record):
    record.count += 1
    record.kind = "special"
    record.label = "hi"
    record.extra = [1]

def replace_method(record):
    record.describe = lambda: "forged"

def disarm(sock):
    sock.send.assert_called_once_with = lambda *a, **k: None

def disarm_case(case):
    case.assertEqual = lambda *a, **k: None

def set_private(record):
    record._label = "x"

def set_on_class(cls):
    cls.kind = "changed for every test"
"""

    def test_public_data_attributes_of_test_objects(self):
        result = run_judge(self.TESTS, self.SOLUTION)
        failing = [(t["name"], t["message"]) for t in result["tests"] if t["status"] != "pass"]
        self.assertEqual(failing, [])
        self.assertEqual(len(result["tests"]), 5)


class ThreadsTest(unittest.TestCase):
    def test_threads_of_the_tests_take_turns(self):
        # Exercism's bank-account: many threads of the test call the learner's object at once.
        tests = """
import sys, threading, time
from solution import BankAccount, run_in_threads

def test_concurrent_calls():
    account = BankAccount()
    account.deposit(1000)
    def transact():
        account.deposit(5)
        time.sleep(0.001)
        account.withdraw(5)
    sys.setswitchinterval(1e-6)
    threads = [threading.Thread(target=transact) for _ in range(100)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert account.balance == 1000

def test_learner_threads_call_back():
    seen = []
    lock = threading.Lock()
    def record(n):
        with lock:
            seen.append(n)
    run_in_threads(record, 20)
    assert sorted(seen) == list(range(20))
"""
        solution = """
import threading

class BankAccount:
    def __init__(self):
        self.balance = 0
        self.lock = threading.Lock()

    def deposit(self, amount):
        with self.lock:
            self.balance += amount

    def withdraw(self, amount):
        with self.lock:
            self.balance -= amount

def run_in_threads(callback, count):
    threads = [threading.Thread(target=callback, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
"""
        for mode in ("isolated", "inproc"):
            result = run_judge(tests, solution, mode=mode)
            failing = [(t["name"], t["message"]) for t in result["tests"] if t["status"] != "pass"]
            self.assertEqual(failing, [], mode)


class OwnerAnswersTest(unittest.TestCase):
    """What the judge answers when the learner's process asks about a test object: only the
    standard ABCs, by name, one bit."""

    def test_only_standard_abcs(self):
        from pydojo_harness.isolation.protocols import abc_check

        self.assertTrue(abc_check([1], "collections.abc", "Sequence", False))
        self.assertTrue(abc_check(3, "numbers", "Integral", False))
        self.assertTrue(abc_check(list, "collections.abc", "Iterable", True))
        for module, name in (("os", "system"), ("collections.abc", "__dict__"), ("collections.abc", "sys"),
                             ("builtins", "object"), ("collections.abc", "a.b"), ("numbers", 3)):
            with self.assertRaises(TypeError, msg=(module, name)):
                abc_check([1], module, name, False)


class SubtestTest(unittest.TestCase):
    def test_named_as_exercism_names_them(self):
        for mode in ("isolated", "inproc"):
            result = run_judge(SUBTEST_TESTS, "def double(n):\n    return 2 * n\n", mode=mode)
            self.assertEqual(
                [(t["name"], t["status"], t["task_id"]) for t in result["tests"]],
                [
                    ("Double > values", "fail", 3),
                    ("Double > values [variation #2] (n=2, want=5)", "fail", 3),
                    ("Double > values [variation #4] (n=4, want=9)", "fail", 3),
                    ("Double > all_pass", "pass", None),
                ],
                mode,
            )
            parent, second = result["tests"][:2]
            self.assertEqual(
                parent["message"],
                "One or more variations of this test failed. Details can be found under each [variant#].",
            )
            self.assertIn("4 != 5", second["message"])
            self.assertIn("double(2)", second["message"])
            self.assertEqual(second["test_code"], parent["test_code"])


if __name__ == "__main__":
    unittest.main()


class StandardHelpersOnLearnersObjectsTest(unittest.TestCase):
    """`dataclasses` helpers, `copy.copy`/`copy.deepcopy` and a test module that imports
    unittest.mock's `call`, on a learner's objects, as in one process."""

    def test_dataclasses_and_copies(self):
        for mode in ("isolated", "inprocess"):
            result = run_judge(
                """
                import copy, dataclasses
                from unittest.mock import ANY, call
                from solution import Point

                def test_fields():
                    assert [f.name for f in dataclasses.fields(Point)] == ["x", "y"]
                    assert dataclasses.is_dataclass(Point(1)) and not dataclasses.is_dataclass(1)

                def test_asdict_astuple_replace():
                    p = Point(1, 2)
                    assert dataclasses.asdict(p) == {"x": 1, "y": 2}
                    assert dataclasses.astuple(p) == (1, 2)
                    assert dataclasses.replace(p, y=5) == Point(1, 5)

                def test_copies():
                    p = Point(1, [2])
                    deep, shallow = copy.deepcopy(p), copy.copy(p)
                    assert deep == p and deep is not p and shallow == p and shallow is not p

                def test_wrong_value_fails():
                    assert dataclasses.asdict(Point(1, 2)) == {"x": 1, "y": 3}
                """,
                """
                import dataclasses

                @dataclasses.dataclass
                class Point:
                    x: int
                    y: object = 0
                """,
                mode=mode,
            )
            statuses = {t["name"]: t["status"] for t in result["tests"]}
            self.assertEqual(
                statuses,
                {"fields": "pass", "asdict_astuple_replace": "pass", "copies": "pass", "wrong_value_fails": "fail"},
                (mode, result),
            )


MESSAGE_TESTS = '''
import unittest
from solution import greet, parse


class MessageTest(unittest.TestCase):
    def test_string_diff(self):
        self.assertEqual(greet(), "Hello, World!")

    def test_msg_with_a_trailing_space(self):
        self.assertEqual(greet(), "Hi", "greet() returned the wrong text ")

    def test_subtest(self):
        for n in (1,):
            with self.subTest(n=n):
                self.assertEqual(greet(), "Hello, World!")

    def test_error_text_with_a_newline(self):
        parse()
'''

MESSAGE_SOLUTION = '''
def greet():
    return "Goodbye!"


def parse():
    raise ValueError("no number here\\n")
'''


class ExercismMessageTest(unittest.TestCase):
    """Messages end as Exercism's runner ends them: without the newline unittest puts after a
    string diff, or a space the test's own `msg` ends with."""

    def test_no_trailing_whitespace(self):
        diff = "AssertionError: 'Goodbye!' != 'Hello, World!'\n- Goodbye!\n+ Hello, World!"
        for mode in ("isolated", "inproc"):
            messages = {t["name"]: t["message"] for t in run_judge(MESSAGE_TESTS, MESSAGE_SOLUTION, mode=mode)["tests"]}
            self.assertEqual(messages["Message > string_diff"], diff, mode)
            self.assertEqual(
                messages["Message > msg_with_a_trailing_space"],
                "AssertionError: 'Goodbye!' != 'Hi'\n- Goodbye!\n+ Hi\n : greet() returned the wrong text",
                mode,
            )
            self.assertEqual(messages["Message > subtest (n=1)"], diff, mode)
            self.assertTrue(
                messages["Message > error_text_with_a_newline"].startswith("ValueError: no number here\n\nTraceback"),
                (mode, messages["Message > error_text_with_a_newline"]),
            )


class PyodideThreadMessage(unittest.TestCase):
    def test_says_why_a_thread_cannot_start_in_the_browser(self):
        from unittest import mock

        from pydojo_harness.outcome import Classifier

        error = RuntimeError("can't start new thread")
        with mock.patch("sys.platform", "emscripten"):
            message = Classifier([], []).classify(error).message
        self.assertIn("Pyodide) has no threads", message)
        self.assertNotIn("has no threads", Classifier([], []).classify(error).message)


class ExceptionClassNamesTest(unittest.TestCase):
    def test_a_learners_exception_class_is_named_by_its_module(self):
        # Exercism's circular-buffer: assertIs on two of the learner's classes names them as
        # CPython does (solution.BufferFull), not as "learner.BufferFull".
        tests = (
            "import unittest\nfrom solution import BufferFull, BufferEmpty\n\n"
            "class T(unittest.TestCase):\n    def test_same(self):\n        self.assertIs(BufferFull, BufferEmpty)\n"
        )
        solution = "class BufferFull(Exception):\n    pass\n\nclass BufferEmpty(Exception):\n    pass\n"
        for mode in ("isolated", "inproc"):
            (test,) = run_judge(tests, solution, mode=mode)["tests"]
            self.assertEqual(test["status"], "fail", mode)
            self.assertIn("<class 'solution.BufferFull'> is not <class 'solution.BufferEmpty'>", test["message"], mode)
