"""Solutions that try to pass without being right, through the real judge in two processes: an
object whose comparisons answer yes to everything, subclasses of built-in types that lie, a star
import that swaps the tests' own tools, a context manager that swallows the test's failure, a
function that ends the test's loop with StopIteration, and a learner's code that disarms a mock.
Each must fail; each honest counterpart (last in each case) must still pass."""
import unittest

from .judge_process import run_judge

LIARS = '''
class Yes:
    def __eq__(self, other): return True
    def __ne__(self, other): return False
    __lt__ = __le__ = __gt__ = __ge__ = __eq__
    __hash__ = None
    def __sub__(self, other): return 0
    __rsub__ = __sub__
    def __abs__(self): return 0
    def __repr__(self): return "Yes()"

class LyingInt(int):
    def __eq__(self, other): return True
    def __ne__(self, other): return False
    __hash__ = int.__hash__

class LyingList(list):
    def __eq__(self, other): return True
    def __contains__(self, item): return True

def add(a, b): return Yes()
def mean(xs): return Yes()
def count(xs): return LyingInt(0)
def evens(xs): return [Yes() for _ in xs]
def items(): return LyingList([0])
def honest_add(a, b): return a + b
def honest_count(xs): return len(xs)
'''


def _statuses(result):
    return {t["name"]: t["status"] for t in result["tests"]}


class LyingComparisons(unittest.TestCase):
    def test_pytest_style(self):
        result = run_judge(
            """
            import pytest
            from solution import add, mean, count, evens, items, honest_add, honest_count

            def test_equal(): assert add(2, 3) == 5
            def test_reflected(): assert 5 == add(2, 3)
            def test_ordered(): assert 0 <= add(1, 1) < 3
            def test_approx(): assert mean([1, 2, 4]) == pytest.approx(2.333, rel=1e-3)
            def test_in_a_list(): assert evens([1, 2]) == [2, 4]
            def test_int_subclass(): assert count([1, 2, 3]) == 3
            def test_contains(): assert 7 in items()
            def test_honest(): assert honest_add(2, 3) == 5 and honest_count([1]) == 1
            def test_honest_approx(): assert honest_add(0.1, 0.2) == pytest.approx(0.3)
            """,
            LIARS,
        )
        statuses = _statuses(result)
        for name in ("equal", "reflected", "ordered", "approx", "in_a_list", "int_subclass", "contains"):
            self.assertNotEqual(statuses[name], "pass", name)
        self.assertEqual([statuses["honest"], statuses["honest_approx"]], ["pass", "pass"])
        ordered = next(t for t in result["tests"] if t["name"] == "ordered")
        # Python's own words, with the learner's type rather than the proxy's.
        self.assertIn("not supported between instances of 'Yes' and 'int'", ordered["message"])

    def test_unittest_style(self):
        result = run_judge(
            """
            import unittest
            from solution import add, mean, count, items, honest_add

            class T(unittest.TestCase):
                def test_equal(self): self.assertEqual(add(2, 3), 5)
                def test_almost(self): self.assertAlmostEqual(mean([1, 2, 4]), 2.333, places=3)
                def test_almost_delta(self): self.assertAlmostEqual(mean([1]), 1.0, delta=0.1)
                def test_in(self): self.assertIn(add(1, 1), [2, 3])
                def test_in_subclass(self): self.assertIn(7, items())
                def test_count_equal(self): self.assertCountEqual([add(0, 1)] * 3, [3, 1, 2])
                def test_greater(self): self.assertGreater(add(1, 1), 100)
                def test_int_subclass(self): self.assertEqual(count([1]), 1)
                def test_honest(self):
                    self.assertEqual(honest_add(2, 3), 5)
                    self.assertAlmostEqual(honest_add(0.1, 0.2), 0.3)
            """,
            LIARS,
        )
        statuses = _statuses(result)
        for name in statuses:
            if name != "T > honest":
                self.assertNotEqual(statuses[name], "pass", name)
        self.assertEqual(statuses["T > honest"], "pass")

    def test_two_learner_objects_compare_by_the_learners_code(self):
        # A test of the learner's __eq__ (a value object) still asks the learner's code.
        result = run_judge(
            """
            from solution import Money
            def test_equal(): assert Money(5) == Money(5)
            def test_unequal(): assert Money(5) != Money(6)
            def test_not_a_number(): assert (Money(5) == 5) is False
            """,
            """
            class Money:
                def __init__(self, cents): self.cents = cents
                def __eq__(self, other):
                    if not isinstance(other, Money):
                        return NotImplemented
                    return self.cents == other.cents
                __hash__ = None
            """,
        )
        self.assertEqual(result["status"], "pass", result)

    def test_assert_almost_equal_on_two_learner_objects_uses_their_arithmetic(self):
        # Exercism's complex-numbers: both sides are the learner's class, as in CPython; one
        # side of the test's own stays numbers only (test_unittest_style).
        result = run_judge(
            """
            import math, unittest
            from solution import Complex
            class T(unittest.TestCase):
                def test_exp(self):
                    self.assertAlmostEqual(Complex(0, math.pi).exp(), Complex(-1, 0))
                def test_far(self):
                    self.assertAlmostEqual(Complex(0, 0).exp(), Complex(-1, 0))
                def test_against_a_number(self):
                    self.assertAlmostEqual(Complex(1, 0), 1.0)
            """,
            """
            import math
            class Complex:
                def __init__(self, re, im): self.re, self.im = re, im
                def __eq__(self, other):
                    return isinstance(other, Complex) and (self.re, self.im) == (other.re, other.im)
                def __sub__(self, other): return Complex(self.re - other.re, self.im - other.im)
                def __abs__(self): return math.hypot(self.re, self.im)
                def exp(self):
                    r = math.exp(self.re)
                    return Complex(r * math.cos(self.im), r * math.sin(self.im))
            """,
        )
        statuses = _statuses(result)
        self.assertEqual(
            [statuses["T > exp"], statuses["T > far"], statuses["T > against_a_number"]],
            ["pass", "fail", "fail"],
        )


class StandardLibraryValues(unittest.TestCase):
    """A deque, a dict's keys, a UUID... returned by the learner's code cross as references;
    the judge compares its own copy, rebuilt from their data, with its values."""

    def test_honest_values_compare_as_in_one_process(self):
        result = run_judge(
            """
            import array, collections, datetime, decimal, fractions, types, uuid
            from solution import make

            def test_deque(): assert make("deque") == collections.deque([1, 2])
            def test_deque_not_a_list(): assert make("deque") != [1, 2]
            def test_keys(): assert make("keys") == {"a", "b"} and "a" in make("keys")
            def test_items(): assert make("items") == {("a", 1)}
            def test_bytearray(): assert make("bytearray") == b"ab" and b"ab" == make("bytearray")
            def test_memoryview(): assert make("memoryview") == b"ab"
            def test_range(): assert make("range") == range(3) and make("range") != range(4)
            def test_array(): assert make("array") == array.array("i", [1, 2])
            def test_uuid(): assert make("uuid") == uuid.UUID(int=5)
            def test_namespace(): assert make("namespace") == types.SimpleNamespace(a=1)
            def test_chainmap(): assert make("chainmap") == {"a": 1}
            def test_mappingproxy(): assert make("mappingproxy") == {"a": 1}
            def test_timezone(): assert make("timezone") == datetime.timezone.utc
            def test_decimal_subclass(): assert make("decimal") == decimal.Decimal("1.5")
            def test_fraction_subclass(): assert make("fraction") == fractions.Fraction(1, 2) == 0.5
            def test_ordered(): assert make("keys") < {"a", "b", "c"}
            """,
            """
            import array, collections, datetime, decimal, fractions, types, uuid

            class D(decimal.Decimal):
                pass

            class F(fractions.Fraction):
                pass

            def make(kind):
                return {
                    "deque": lambda: collections.deque([1, 2]),
                    "keys": lambda: {"a": 1, "b": 2}.keys(),
                    "items": lambda: {"a": 1}.items(),
                    "bytearray": lambda: bytearray(b"ab"),
                    "memoryview": lambda: memoryview(b"ab"),
                    "range": lambda: range(3),
                    "array": lambda: array.array("i", [1, 2]),
                    "uuid": lambda: uuid.UUID(int=5),
                    "namespace": lambda: types.SimpleNamespace(a=1),
                    "chainmap": lambda: collections.ChainMap({"a": 1}),
                    "mappingproxy": lambda: types.MappingProxyType({"a": 1}),
                    "timezone": lambda: datetime.timezone.utc,
                    "decimal": lambda: D("1.5"),
                    "fraction": lambda: F(1, 2),
                }[kind]()
            """,
        )
        self.assertEqual(result["status"], "pass", [t for t in result["tests"] if t["status"] != "pass"])

    def test_a_lying_subclass_is_compared_by_its_data(self):
        result = run_judge(
            """
            import collections, uuid
            from solution import queue, ident, raw

            def test_deque(): assert queue() == collections.deque([9])
            def test_uuid(): assert ident() == uuid.UUID(int=9)
            def test_bytearray(): assert raw() == b"expected"
            def test_in(): assert 9 in queue()
            """,
            """
            import collections, uuid

            class Q(collections.deque):
                def __eq__(self, other): return True
                def __iter__(self): return iter([9])
                def __contains__(self, item): return True

            class U(uuid.UUID):
                def __eq__(self, other): return True

            class B(bytearray):
                def __eq__(self, other): return True

            def queue(): return Q([1])
            def ident(): return U(int=1)
            def raw(): return B(b"other")
            """,
        )
        self.assertEqual({t["status"] for t in result["tests"]}, {"fail"}, result)

    def test_made_up_data_is_refused(self):
        # The learner's process answers for its own objects: data of the wrong shape is an error.
        result = run_judge(
            """
            import collections
            from solution import queue

            def test_deque(): assert queue() == collections.deque([1])
            """,
            """
            import collections
            import pydojo_harness.isolation.policy as policy

            policy.HostPolicy.plain = lambda self, target: ["not", "a", "deque"]

            def queue(): return collections.deque([1])
            """,
        )
        self.assertNotEqual(result["status"], "pass", result)


class StarImport(unittest.TestCase):
    def test_cannot_replace_the_tests_tools(self):
        result = run_judge(
            """
            import pytest
            from solution import *

            def test_raises():
                with pytest.raises(ValueError):
                    root(-1)
            def test_all(): assert all(root(x) == 1 for x in (1, 4))
            def test_len(): assert len([root(4)]) == 1 and root(4) == 2.0
            def test_root(): assert root(9) == 3.0
            """,
            """
            __all__ = ["root", "pytest", "all", "len", "__builtins__"]

            class _Swallow:
                def __enter__(self): return self
                def __exit__(self, *exc): return True

            class _FakePytest:
                def raises(self, *a, **k): return _Swallow()

            pytest = _FakePytest()
            def all(x): return True
            def len(x): return 1
            def root(x): return -1.0
            """,
        )
        self.assertEqual(set(_statuses(result).values()), {"fail"}, result)

    def test_brings_in_the_code_under_test(self):
        result = run_judge(
            """
            from solution import *
            def test_root(): assert root(9) == 3.0 and TWO == 2
            """,
            """
            import math
            TWO = 2
            def root(x): return math.sqrt(x)
            """,
        )
        self.assertEqual(result["status"], "pass", result)


class ContextManagers(unittest.TestCase):
    def test_exit_cannot_swallow_the_tests_failure(self):
        result = run_judge(
            """
            import pytest
            from solution import Timer
            def test_assert_inside():
                with Timer() as t:
                    assert t.elapsed is not None, "elapsed must be set inside"
            def test_fail_inside():
                with Timer():
                    pytest.fail("boom")
            def test_raises_outside():
                with pytest.raises(ValueError):
                    with Timer():
                        raise ValueError("must come out")
            def test_own_exception_is_swallowed():
                with Timer():
                    raise KeyError("the learner's __exit__ may swallow this, as in one process")
            """,
            """
            class Timer:
                elapsed = None
                def __enter__(self): return self
                def __exit__(self, *exc): return True
            """,
        )
        statuses = _statuses(result)
        self.assertEqual(
            [statuses["assert_inside"], statuses["fail_inside"], statuses["raises_outside"]],
            ["fail", "fail", "fail"],
        )
        self.assertEqual(statuses["own_exception_is_swallowed"], "pass")


# A learner's iterator that ends itself, as __next__ may (indented as the sources it joins).
COUNTDOWN = """
            class Countdown:
                def __init__(self, n): self.n = n
                def __iter__(self): return self
                def __next__(self):
                    if self.n == 0:
                        raise StopIteration
                    self.n -= 1
                    return self.n + 1
"""


class StopIterationFromACall(unittest.TestCase):
    def test_does_not_end_the_tests_loop(self):
        result = run_judge(
            """
            from solution import is_valid, double, Countdown
            def test_all(): assert all(map(is_valid, ["a@b.c", "x@y.z"]))
            def test_zip():
                for got, want in zip(map(double, [1, 2]), [2, 4]):
                    assert got == want
            def test_a_learner_iterator_still_ends():
                assert list(Countdown(3)) == [3, 2, 1]
                it = iter(Countdown(1))
                assert next(it) == 1 and next(it, None) is None
            """,
            """
            def is_valid(address): raise StopIteration
            def double(x): raise StopIteration
""" + COUNTDOWN,
        )
        statuses = _statuses(result)
        self.assertEqual([statuses["all"], statuses["zip"]], ["error", "error"])
        self.assertIn("StopIteration", next(t for t in result["tests"] if t["name"] == "all")["message"])
        self.assertEqual(statuses["a_learner_iterator_still_ends"], "pass")

    def test_not_from_a_builtin_method_or_an_exit(self):
        # A dict subclass's bound __getitem__ is a builtin method whose __missing__ is the
        # learner's code; the judge no longer trusts the type name the learner's process gives.
        result = run_judge(
            """
            from solution import is_valid, Guard, Countdown
            def test_builtin_method(): assert all(map(is_valid, ["a@b.c", "x@y.z"]))
            def test_exit():
                for ok in [False]:
                    with Guard():
                        assert ok
            def test_next_looked_up_first_still_ends():
                step = iter(Countdown(2)).__next__
                got = []
                while True:
                    try:
                        got.append(step())
                    except StopIteration:
                        break
                assert got == [2, 1]
            """,
            """
            class _Table(dict):
                def __missing__(self, key):
                    raise StopIteration
            is_valid = _Table().__getitem__
            class Guard:
                def __enter__(self): return self
                def __exit__(self, *exc): raise StopIteration
""" + COUNTDOWN,
        )
        statuses = _statuses(result)
        self.assertEqual([statuses["builtin_method"], statuses["exit"]], ["error", "error"])
        self.assertEqual(statuses["next_looked_up_first_still_ends"], "pass")


class ExpectedExceptionFromTheSolution(unittest.TestCase):
    def test_a_class_that_says_yes_cannot_swallow_the_tests_failure(self):
        # The solution's `NotFound` is not an exception class but answers isinstance with yes:
        # `pytest.raises(NotFound)` would have swallowed the test's own pytest.fail (and a time
        # limit or a crash inside the block), as pytest never would.
        result = run_judge(
            """
            import pytest
            from solution import NotFound, resolve, Honest, honest_resolve
            def test_raises():
                with pytest.raises(NotFound):
                    resolve("/notes/-1")
                    pytest.fail("/notes/-1 matched")
            def test_warns():
                with pytest.warns(NotFound):
                    pytest.fail("no warning")
            def test_honest_class_still_works():
                with pytest.raises(Honest, match="nope"):
                    honest_resolve("/x")
            """,
            """
            class Yes(type):
                def __instancecheck__(cls, obj): return True
                def __subclasscheck__(cls, sub): return True
            class NotFound(metaclass=Yes):
                pass
            def resolve(path): return ("notes", -1)
            class Honest(LookupError):
                pass
            def honest_resolve(path): raise Honest("nope")
            """,
        )
        statuses = _statuses(result)
        self.assertEqual([statuses["raises"], statuses["warns"]], ["error", "error"])
        self.assertEqual(statuses["honest_class_still_works"], "pass")
        message = next(t for t in result["tests"] if t["name"] == "raises")["message"]
        self.assertIn("does not derive from BaseException", message)


class Mocks(unittest.TestCase):
    def test_the_learners_code_cannot_disarm_a_mock(self):
        result = run_judge(
            """
            from unittest import mock
            from solution import notify, cleanup, honest_notify
            def test_configure():
                mailer = mock.Mock()
                notify(["ada"], mailer)
                mailer.send.assert_called_once_with("ada")
            def test_reset():
                remover = mock.Mock()
                cleanup(remover)
                remover.assert_not_called()
            def test_honest():
                mailer = mock.MagicMock()
                honest_notify(["ada", "bo"], mailer)
                mailer.send.assert_has_calls([mock.call("ada"), mock.call("bo")])
            """,
            """
            def notify(users, mailer):
                mailer.configure_mock(**{"send.assert_called_once_with": lambda *a, **k: None})
            def cleanup(remover):
                remover("/etc/passwd")
                remover.reset_mock()
            def honest_notify(users, mailer):
                for user in users:
                    mailer.send(user)
            """,
        )
        statuses = _statuses(result)
        self.assertEqual([statuses["configure"], statuses["reset"]], ["error", "error"])
        self.assertEqual(statuses["honest"], "pass")


class References(unittest.TestCase):
    """What the judge keeps of a reference the learner's process sends: a proxy lives for the
    whole grade, so a reference padded with megabytes (or millions of them) must not grow the
    judge's memory, which no limit of the learner's process counts."""

    def _endpoint(self):
        from pydojo_harness.isolation.endpoint import Endpoint

        return Endpoint(-1, -1, None)

    def test_only_the_known_fields_are_kept_and_cut(self):
        proxy = self._endpoint()._resolve(
            {"$r": 7, "own": True, "type": "x" * 10_000, "junk": [[]] * 1000, "base": "evil", "kind": 3}
        )
        self.assertEqual(object.__getattribute__(proxy, "_pd_info"), {"type": "x" * 200})

    def test_malformed_references_are_refused(self):
        from pydojo_harness.isolation.wire import ProtocolError

        endpoint = self._endpoint()
        for data in (
            {"$r": "7", "own": True},
            {"$r": 8, "own": True, "exc": ["E" * 1000, "ValueError"]},
            {"$r": 9, "own": True, "exc": "ValueError"},
        ):
            with self.assertRaises(ProtocolError, msg=data):
                endpoint._resolve(data)

    def test_the_number_of_proxies_is_bounded(self):
        from pydojo_harness.isolation import endpoint as module
        from pydojo_harness.isolation.wire import ProtocolError

        endpoint = self._endpoint()
        saved = module.MAX_PROXIES
        module.MAX_PROXIES = 3
        try:
            for rid in range(3):
                endpoint._resolve({"$r": rid, "own": True, "type": "T"})
            endpoint._resolve({"$r": 1, "own": True, "type": "T"})  # one it has: no new proxy
            with self.assertRaises(ProtocolError):
                endpoint._resolve({"$r": 3, "own": True, "type": "T"})
        finally:
            module.MAX_PROXIES = saved


if __name__ == "__main__":
    unittest.main()
