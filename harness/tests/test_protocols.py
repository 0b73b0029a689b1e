"""Tests of runtime_checkable Protocols across the judge/host split
(pydojo_harness.isolation.protocols), unit and end to end through the judge."""

import types
import unittest

from pydojo_harness.isolation.protocols import has_members

from .judge_process import run_judge



class HasMembersTest(unittest.TestCase):
    """What the judge answers when the learner's process checks a test object."""

    def test_static_lookup_runs_no_code_of_the_tests(self):
        calls = []

        class Exporter:
            @property
            def export(self):
                calls.append("property")
                return None

            def __getattr__(self, name):
                calls.append(name)
                return 1

        self.assertTrue(has_members(Exporter(), ["export"], [], False, restricted=True))
        self.assertFalse(has_members(Exporter(), ["missing"], [], False, restricted=True))
        self.assertEqual(calls, [])

    def test_instance_attributes_methods_set_to_none_and_dunders(self):
        class Plain:
            def __init__(self):
                self.name = "x"

            def __len__(self):
                return 0

        class Blocked:
            export = None

        self.assertTrue(has_members(Plain(), ["__len__", "name"], ["__len__"], False, restricted=True))
        self.assertFalse(has_members(Blocked(), ["export"], ["export"], False, restricted=True))

    def test_private_names_are_refused(self):
        class Secretive:
            _token = "abc"

        with self.assertRaisesRegex(PermissionError, "'_token' is private"):
            has_members(Secretive(), ["_token"], [], False, restricted=True)
        # The learner's process trusts the judge: no restriction there.
        self.assertTrue(has_members(Secretive(), ["_token"], [], False, restricted=False))

    def test_a_module_or_function_is_only_looked_up_on_its_type(self):
        module = types.ModuleType("tests_module")
        module.expected = "secret"

        def function():
            pass

        function.export = 1
        self.assertFalse(has_members(module, ["expected"], [], False, restricted=True))
        self.assertFalse(has_members(function, ["export"], [], False, restricted=True))
        self.assertTrue(has_members(function, ["__call__"], ["__call__"], False, restricted=True))

    def test_classes(self):
        class Base:
            def export(self):
                return 1

        class Child(Base):
            pass

        self.assertTrue(has_members(Child, ["export"], ["export"], True, restricted=True))
        self.assertTrue(has_members(Child, ["export"], ["export"], False, restricted=True))
        with self.assertRaisesRegex(TypeError, "must be a class"):
            has_members(Child(), ["export"], ["export"], True, restricted=True)

    def test_malformed_requests(self):
        with self.assertRaises(TypeError):
            has_members(object(), "export", [], False, restricted=True)
        with self.assertRaises(TypeError):
            has_members(object(), [1], [], False, restricted=True)


SOLUTION = """
from typing import Protocol, runtime_checkable

@runtime_checkable
class Exporter(Protocol):
    def export(self) -> str: ...

@runtime_checkable
class Named(Protocol):
    name: str

class NotRuntime(Protocol):
    def export(self) -> str: ...

class Own:
    def export(self):
        return "own"

class Greeter:
    def greet(self):
        return "hi"

def is_exporter(obj):
    return isinstance(obj, Exporter)

def export_all(items):
    return [item.export() for item in items if isinstance(item, Exporter)]

def kind(obj):
    match obj:
        case Exporter():
            return "exporter"
        case _:
            return "other"
"""

TESTS = """
from typing import Protocol, runtime_checkable

import pytest
import solution
from solution import Exporter, export_all, is_exporter, kind


class MyExporter:
    def export(self):
        return "mine"


class NotAnExporter:
    pass


def test_isinstance_in_the_tests():
    assert isinstance(MyExporter(), solution.Exporter)
    assert not isinstance(NotAnExporter(), Exporter)
    assert isinstance(solution.Own(), Exporter)


def test_isinstance_in_the_learners_code():
    assert is_exporter(MyExporter())
    assert not is_exporter(NotAnExporter())
    assert export_all([MyExporter(), NotAnExporter(), solution.Own(), 3]) == ["mine", "own"]
    assert kind(MyExporter()) == "exporter"


def test_data_members_and_methods_set_to_none():
    class Named:
        def __init__(self):
            self.name = "n"

    class Blocked:
        export = None

    assert isinstance(Named(), solution.Named)
    assert not isinstance(Blocked(), Exporter)


def test_issubclass_of_a_test_class():
    assert issubclass(MyExporter, Exporter)
    assert not issubclass(NotAnExporter, Exporter)


def test_not_runtime_checkable():
    with pytest.raises(TypeError, match="runtime_checkable"):
        isinstance(MyExporter(), solution.NotRuntime)


@runtime_checkable
class Greets(Protocol):
    def greet(self) -> str: ...


def test_a_protocol_of_the_tests_and_a_learner_object():
    assert isinstance(solution.Greeter(), Greets)
    assert not isinstance(solution.Own(), Greets)
"""



class ProtocolsAcrossProcessesTest(unittest.TestCase):
    def test_isolated_judge(self):
        result = run_judge(TESTS, SOLUTION)
        failed = {t["name"]: t["message"] for t in result["tests"] if t["status"] != "pass"}
        self.assertEqual(failed, {})
        self.assertEqual(len(result["tests"]), 6)

    def test_private_member_is_an_error_that_says_why(self):
        result = run_judge(
            """
            import solution

            class Token:
                _secret = 1

            def test_private():
                assert isinstance(Token(), solution.Private)
            """,
            """
            from typing import Protocol, runtime_checkable

            @runtime_checkable
            class Private(Protocol):
                _secret: int
            """,
        )
        (test,) = result["tests"]
        self.assertEqual(test["status"], "error")
        self.assertIn("protocol member '_secret' is private", test["message"])


if __name__ == "__main__":
    unittest.main()
