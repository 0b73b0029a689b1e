"""`with` blocks in a test around the learner's context managers (and the learner's `with`
around a test's), and `Cls.__new__(Cls)` on a learner's class, end to end through the judge:
isolated (two processes) and in-process must agree."""
import unittest

from .judge_process import run_judge

SOLUTION = '''
from contextlib import contextmanager


class LearnerError(Exception):
    def __init__(self, message, code=0):
        super().__init__(message)
        self.code = code


class Recorder:
    """Records what __exit__ was given; returns `swallow`."""

    def __init__(self, swallow=False):
        self.swallow = swallow
        self.seen = None

    def __enter__(self):
        return "entered"

    def __exit__(self, exc_type, exc, tb):
        self.seen = exc_type, exc, tb
        return self.swallow

    def ended_cleanly(self):
        return self.seen == (None, None, None)

    def type_is(self, cls):
        return self.seen[0] is cls

    def type_name(self):
        return self.seen[0].__name__

    def is_subclass(self, cls):
        return issubclass(self.seen[0], cls)

    def is_instance(self, cls):
        return isinstance(self.seen[1], cls) and type(self.seen[1]) is self.seen[0]

    def message(self):
        return str(self.seen[1])

    def attr(self, name, default="missing"):
        return getattr(self.seen[1], name, default)

    def traceback_is_none(self):
        return self.seen[2] is None and self.seen[1].__traceback__ is None


class ReturnsSelf:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return [1]  # truthy: swallows


class Translates:
    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is not None and issubclass(exc_type, KeyError):
            raise LearnerError("missing", code=7) from exc
        return False


class Reraises:
    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc is not None:
            raise exc


class Suppress:
    def __init__(self, *types):
        self.types = types

    def __enter__(self):
        return None

    def __exit__(self, exc_type, exc, tb):
        return exc_type is not None and issubclass(exc_type, self.types)


events = []


@contextmanager
def guarded(swallow=False):
    events.clear()
    events.append("enter")
    try:
        yield "resource"
    except ValueError as exc:
        events.append(f"caught {type(exc).__name__}: {exc}")
        if not swallow:
            raise
    finally:
        events.append("exit")


@contextmanager
def translating():
    try:
        yield
    except KeyError as exc:
        raise LearnerError("translated") from exc


def fail():
    raise LearnerError("from the learner", code=3)


def use(cm, error):
    with cm as value:
        if error is not None:
            raise error("raised by the learner")
    return value


class Plain:
    def __init__(self, x):
        self.x = x

    def double(self):
        return 2 * self.x


class WithNew:
    def __new__(cls, *args):
        obj = super().__new__(cls)
        obj.made_by_new = args
        return obj
'''

TESTS = '''
import pytest
import solution
from solution import (
    LearnerError, Plain, Recorder, Reraises, ReturnsSelf, Suppress, Translates, WithNew,
    guarded, translating,
)


class TestError(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.detail = "public"
        self._secret = "private"


class TestValueError(ValueError):
    pass


def test_a_block_that_ends_normally():
    rec = Recorder()
    with rec as value:
        assert value == "entered"
    assert rec.ended_cleanly()


def test_enter_returns_the_object_itself():
    cm = ReturnsSelf()
    with cm as value:
        assert value is cm


def test_a_builtin_exception_reaches_exit_and_propagates():
    rec = Recorder()
    with pytest.raises(ValueError) as caught:
        with rec:
            raise ValueError("card declined")
    assert str(caught.value) == "card declined"
    assert rec.type_is(ValueError)
    assert rec.is_instance(ValueError)
    assert rec.message() == "card declined"


def test_a_true_return_swallows():
    rec = Recorder(swallow=True)
    with rec:
        raise KeyError("k")
    assert rec.type_is(KeyError)
    with ReturnsSelf():
        raise ValueError("swallowed by a truthy non-bool")


def test_a_tests_exception_class():
    rec = Recorder()
    with pytest.raises(TestError) as caught:
        with rec:
            raise TestError("disk full")
    assert type(caught.value) is TestError and str(caught.value) == "disk full"
    assert rec.type_is(TestError)
    assert rec.is_instance(TestError)
    assert rec.is_subclass(Exception)
    assert not rec.is_subclass(ValueError)
    assert rec.type_name() == "TestError"
    assert rec.message() == "disk full"
    assert rec.attr("detail") == "public"


def test_a_tests_exception_class_with_a_builtin_base():
    rec = Recorder()
    with pytest.raises(TestValueError):
        with rec:
            raise TestValueError("v")
    assert rec.is_subclass(ValueError)
    assert rec.is_instance(ValueError)


def test_the_learners_exception_class():
    rec = Recorder()
    with pytest.raises(LearnerError) as caught:
        with rec:
            solution.fail()
    assert caught.value.code == 3
    assert rec.type_is(LearnerError)
    assert rec.attr("code") == 3
    rec = Recorder()
    with pytest.raises(LearnerError):
        with rec:
            raise LearnerError("raised by the test", 5)
    assert rec.is_instance(LearnerError)
    assert rec.attr("code") == 5


def test_an_exception_raised_in_exit_propagates():
    with pytest.raises(LearnerError) as caught:
        with Translates():
            raise KeyError("k")
    assert (str(caught.value), caught.value.code) == ("missing", 7)
    with pytest.raises(TypeError):
        with Translates():
            raise TypeError("not translated")


def test_exit_reraising_the_exception_keeps_the_original():
    original = TestError("mine")
    with pytest.raises(TestError) as caught:
        with Reraises():
            raise original
    assert caught.value is original


def test_a_learners_suppress():
    with Suppress(KeyError, TestError):
        raise KeyError("k")
    with Suppress(TestError):
        raise TestError("t")
    with pytest.raises(ValueError):
        with Suppress(KeyError):
            raise ValueError("v")


def test_contextmanager_sees_the_exception_at_its_yield():
    with pytest.raises(ValueError):
        with guarded() as value:
            assert value == "resource"
            raise ValueError("bad")
    assert solution.events == ["enter", "caught ValueError: bad", "exit"]
    with guarded(swallow=True):
        raise ValueError("ignored")
    assert solution.events == ["enter", "caught ValueError: ignored", "exit"]
    with pytest.raises(TypeError):
        with guarded():
            raise TypeError("not caught")
    assert solution.events == ["enter", "exit"]
    with pytest.raises(LearnerError, match="translated"):
        with translating():
            raise KeyError("k")


def test_a_failed_assert_in_the_block_fails_the_test():
    with Recorder():
        assert 1 + 1 == 3


class TestContext:
    def __init__(self, swallow):
        self.swallow = swallow
        self.seen = None

    def __enter__(self):
        return "test value"

    def __exit__(self, exc_type, exc, tb):
        self.seen = (exc_type, type(exc), str(exc), tb)
        return self.swallow


def test_the_learners_with_around_a_tests_context_manager():
    cm = TestContext(swallow=False)
    with pytest.raises(ValueError, match="raised by the learner"):
        solution.use(cm, ValueError)
    assert cm.seen[:3] == (ValueError, ValueError, "raised by the learner")
    cm = TestContext(swallow=True)
    assert solution.use(cm, KeyError) == "test value"
    assert cm.seen[0] is KeyError
    assert solution.use(TestContext(swallow=False), None) == "test value"


def test_new_on_a_learners_class():
    p = Plain.__new__(Plain)
    assert isinstance(p, Plain)
    p.x = 4
    assert p.double() == 8
    p.__init__(5)
    assert p.x == 5
    Plain.__init__(p, 6)
    assert p.double() == 12
    w = WithNew.__new__(WithNew, 1, 2)
    assert isinstance(w, WithNew)
    assert w.made_by_new == (1, 2)


def test_no_traceback_and_no_private_attribute_is_sent():
    rec = Recorder()
    with pytest.raises(TestError):
        with rec:
            raise TestError("x")
    assert rec.traceback_is_none()
    assert rec.attr("_secret") == "missing"
'''

# In one process, __exit__ gets the real exception, with its traceback and private attributes.
ISOLATED_ONLY = {"no_traceback_and_no_private_attribute_is_sent"}
EXPECTED_FAIL = {"a_failed_assert_in_the_block_fails_the_test"}



class WithBlocksTest(unittest.TestCase):
    def check(self, mode):
        result = run_judge(TESTS, SOLUTION, mode=mode)
        got = {t["name"]: (t["status"], t["message"]) for t in result["tests"]}
        bad = {n: v for n, v in got.items() if (v[0] == "pass") != (n not in EXPECTED_FAIL)}
        return got, bad

    def test_isolated(self):
        got, bad = self.check("isolated")
        self.assertEqual(bad, {})
        self.assertEqual(len(got), 15)
        status, message = got["a_failed_assert_in_the_block_fails_the_test"]
        self.assertEqual(status, "fail")
        self.assertIn("assert 2 == 3", message)

    def test_in_process_agrees(self):
        got, bad = self.check("inproc")
        self.assertEqual(set(bad), ISOLATED_ONLY)
        self.assertEqual(len(got), 15)

    def test_object_new_on_a_learners_class_says_what_to_write(self):
        result = run_judge(
            "from solution import Plain\n\ndef test_new():\n    object.__new__(Plain)\n",
            SOLUTION,
        )
        (test,) = result["tests"]
        self.assertEqual(test["status"], "error")
        self.assertIn("not a type object", test["message"])
        self.assertIn("write cls.__new__(cls)", test["message"])

    def test_a_timeout_inside_the_block(self):
        result = run_judge(
            "import solution\n\ndef test_spin():\n    with solution.Recorder():\n        solution.spin()\n\n"
            "def test_after():\n    rec = solution.Recorder()\n    with rec:\n        pass\n    assert rec.ended_cleanly()\n",
            SOLUTION + "\n\ndef spin():\n    while True:\n        pass\n",
            limits={"test_timeout_s": 1},
        )
        self.assertEqual([(t["status"], t["limit"]) for t in result["tests"]], [("error", "timeout"), ("pass", None)])
        self.assertIn("timeout after 1 s", result["tests"][0]["message"])


if __name__ == "__main__":
    unittest.main()
