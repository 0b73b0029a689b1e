"""Tests of the pytest shim (harness/pydojo_harness/shim/pytest)."""

import math
import sys
import unittest
import warnings

from tests import SHIM_DIR  # noqa: F401 - puts the shim on sys.path

import pytest


class RaisesTest(unittest.TestCase):
    def test_context_manager_returns_exception_info(self):
        with pytest.raises(ValueError) as info:
            int("x")
        self.assertIs(info.type, ValueError)
        self.assertIsInstance(info.value, ValueError)
        self.assertIsNotNone(info.tb)
        self.assertEqual(info.typename, "ValueError")
        self.assertTrue(info.match(r"invalid literal"))

    def test_subclass_matches(self):
        with pytest.raises(LookupError):
            {}["missing"]

    def test_tuple_of_types(self):
        with pytest.raises((TypeError, KeyError)) as info:
            {}["k"]
        self.assertIs(info.type, KeyError)

    def test_did_not_raise(self):
        with self.assertRaises(pytest.Failed) as ctx:
            with pytest.raises(ValueError):
                pass
        self.assertEqual(str(ctx.exception), "DID NOT RAISE ValueError")
        # A failure, not an error: unittest and the executor treat it like an assert.
        self.assertIsInstance(ctx.exception, AssertionError)

    def test_other_exception_propagates(self):
        with self.assertRaises(KeyError):
            with pytest.raises(ValueError):
                raise KeyError("k")

    def test_match(self):
        with pytest.raises(ValueError, match=r"must be \d+"):
            raise ValueError("value must be 42 or more")
        with self.assertRaises(pytest.Failed) as ctx:
            with pytest.raises(ValueError, match="^exact$"):
                raise ValueError("something else")
        self.assertIn("'^exact$'", str(ctx.exception))
        self.assertIn("'something else'", str(ctx.exception))

    def test_exception_info_match_failure(self):
        with pytest.raises(ValueError) as info:
            raise ValueError("abc")
        with self.assertRaises(AssertionError):
            info.match("xyz")

    def test_callable_form(self):
        info = pytest.raises(ZeroDivisionError, lambda a, b: a / b, 1, b=0)
        self.assertIs(info.type, ZeroDivisionError)
        with self.assertRaises(pytest.Failed):
            pytest.raises(ZeroDivisionError, lambda: None)

    def test_only_exception_classes_are_expected(self):
        # As in pytest: anything but an exception class (or a tuple of them) is a TypeError,
        # never asked whether it matches. A class that answers `isinstance` itself (a learner's
        # class is a proxy in the judge) would otherwise swallow the test's own pytest.fail.
        class Meta(type):
            def __instancecheck__(cls, obj):
                return True

            def __subclasscheck__(cls, sub):
                return True

        class SaysYes(metaclass=Meta):
            pass

        class NotAType:
            __name__ = "NotAType"

        for expected in (SaysYes, NotAType(), (ValueError, SaysYes), "ValueError"):
            with self.assertRaises(TypeError) as ctx:
                with pytest.raises(expected):
                    pytest.fail("the test's own failure")
            self.assertIn("expected exception must be a BaseException type", str(ctx.exception))
        with self.assertRaises(TypeError):
            pytest.warns(SaysYes)
        with pytest.raises((KeyError, ValueError)) as info:
            raise ValueError("x")
        self.assertEqual(info.typename, "ValueError")


class OutcomeTest(unittest.TestCase):
    def test_skip_is_not_an_exception(self):
        # `except Exception` in test code must not swallow a skip or xfail.
        for func, exc_type in ((pytest.skip, pytest.Skipped), (pytest.xfail, pytest.XFailed)):
            with self.assertRaises(exc_type) as ctx:
                try:
                    func("why")
                except Exception:  # noqa: BLE001 - the point of the test
                    self.fail("swallowed")
            self.assertEqual(ctx.exception.msg, "why")
            self.assertNotIsInstance(ctx.exception, Exception)

    def test_fail(self):
        with self.assertRaises(pytest.Failed) as ctx:
            pytest.fail("nope")
        self.assertEqual(str(ctx.exception), "nope")
        self.assertIs(pytest.fail.Exception, pytest.Failed)
        self.assertIs(pytest.skip.Exception, pytest.Skipped)

    def test_importorskip(self):
        self.assertIs(pytest.importorskip("math"), math)
        with self.assertRaises(pytest.Skipped):
            pytest.importorskip("no_such_module_pydojo")
        with self.assertRaises(pytest.Skipped):
            pytest.importorskip("unittest", minversion="999")

    def test_version(self):
        self.assertEqual(pytest.__version__, "0+pydojo")


class WarnsTest(unittest.TestCase):
    def test_warns(self):
        with pytest.warns(UserWarning, match="care") as record:
            warnings.warn("take care", UserWarning)
        self.assertEqual(len(record), 1)
        self.assertEqual(str(record[0].message), "take care")

    def test_no_warning_fails(self):
        with self.assertRaises(pytest.Failed) as ctx:
            with pytest.warns(DeprecationWarning):
                warnings.warn("other", UserWarning)
        self.assertIn("DID NOT WARN", str(ctx.exception))

    def test_match_must_match(self):
        with self.assertRaises(pytest.Failed):
            with pytest.warns(UserWarning, match="^x$"):
                warnings.warn("y", UserWarning)

    def test_deprecated_call(self):
        with pytest.deprecated_call():
            warnings.warn("old", DeprecationWarning)


class ApproxTest(unittest.TestCase):
    def test_float_sum(self):
        self.assertTrue(0.1 + 0.2 == pytest.approx(0.3))
        self.assertTrue(pytest.approx(0.3) == 0.1 + 0.2)
        self.assertFalse(0.1 + 0.2 != pytest.approx(0.3))
        self.assertFalse(0.31 == pytest.approx(0.3))

    def test_tolerances(self):
        self.assertTrue(1.0001 == pytest.approx(1, rel=1e-3))
        self.assertFalse(1.01 == pytest.approx(1, rel=1e-3))
        self.assertTrue(10.4 == pytest.approx(10, abs=0.5))
        # Only abs given: the relative default does not widen it.
        self.assertFalse(1e6 + 1 == pytest.approx(1e6, abs=0.5))
        # Near zero, the absolute default (1e-12) applies.
        self.assertTrue(1e-13 == pytest.approx(0))
        self.assertFalse(1e-11 == pytest.approx(0))

    def test_special_values(self):
        self.assertTrue(math.inf == pytest.approx(math.inf))
        self.assertFalse(1e308 == pytest.approx(math.inf))
        self.assertFalse(math.nan == pytest.approx(math.nan))
        self.assertTrue(math.nan == pytest.approx(math.nan, nan_ok=True))
        self.assertTrue(complex(1, 1e-9) == pytest.approx(1 + 0j))

    def test_sequences_and_dicts(self):
        self.assertTrue([0.1 + 0.2, 0.2 + 0.4] == pytest.approx([0.3, 0.6]))
        self.assertTrue((0.1 + 0.2,) == pytest.approx((0.3,)))
        self.assertFalse([0.3] == pytest.approx([0.3, 0.6]))
        self.assertFalse([0.4, 0.6] == pytest.approx([0.3, 0.6]))
        self.assertTrue({"a": 0.1 + 0.2, "b": 1} == pytest.approx({"a": 0.3, "b": 1}))
        self.assertFalse({"a": 0.3} == pytest.approx({"a": 0.3, "b": 1}))
        self.assertTrue([[0.1 + 0.2]] == pytest.approx([[0.3]]))

    def test_non_numbers_and_bools_use_equality(self):
        self.assertTrue("abc" == pytest.approx("abc"))
        self.assertFalse(1.0000001 == pytest.approx(True))  # no tolerance for bools
        self.assertTrue(True == pytest.approx(True))  # noqa: E712
        self.assertTrue([1.0, "x", None] == pytest.approx([1.0000000001, "x", None]))
        self.assertFalse("0.3" == pytest.approx(0.3))

    def test_repr(self):
        self.assertEqual(repr(pytest.approx(3.0)), "3.0 ± 3.0e-06")
        self.assertEqual(repr(pytest.approx([1.0, 2.0])), "approx([1.0 ± 1.0e-06, 2.0 ± 2.0e-06])")
        self.assertEqual(repr(pytest.approx({"a": 1.0})), "approx({'a': 1.0 ± 1.0e-06})")
        self.assertEqual(repr(pytest.approx(10, abs=0.5)), "10 ± 5.0e-01")

    def test_no_boolean_context(self):
        with self.assertRaises(AssertionError):
            bool(pytest.approx(1.0))


class MarkTest(unittest.TestCase):
    def test_bare_and_called_marks_on_function(self):
        @pytest.mark.slow
        @pytest.mark.task(taskno=3)
        def test_x():
            pass

        self.assertEqual(
            test_x.pytestmark,
            [pytest.Mark("task", (), {"taskno": 3}), pytest.Mark("slow", (), {})],
        )
        self.assertEqual(test_x.pytestmark[0].kwargs["taskno"], 3)

    def test_decorator_object(self):
        deco = pytest.mark.skipif(sys.platform == "nowhere", reason="never")
        self.assertIsInstance(deco, pytest.MarkDecorator)
        self.assertEqual(deco.mark, pytest.Mark("skipif", (False,), {"reason": "never"}))
        extended = pytest.mark.foo(1)(2, key="v")
        self.assertEqual(extended.mark, pytest.Mark("foo", (1, 2), {"key": "v"}))
        self.assertEqual(pytest.mark.skip(reason="r").kwargs, {"reason": "r"})
        # Only what was given is recorded.
        self.assertEqual(pytest.mark.skipif(True).mark, pytest.Mark("skipif", (True,), {}))
        self.assertEqual(pytest.mark.parametrize("a", [1]).mark, pytest.Mark("parametrize", ("a", [1]), {}))
        self.assertEqual(pytest.mark.xfail(reason="r", raises=ValueError, strict=False).name, "xfail")
        self.assertEqual(pytest.mark.usefixtures("a", "b").args, ("a", "b"))
        # A lambda is an argument, not something to decorate.
        self.assertIsInstance(pytest.mark.foo(lambda: 1), pytest.MarkDecorator)

    def test_unittest_method(self):
        class ExampleTest(unittest.TestCase):
            @pytest.mark.task(taskno=1)
            def test_one(self):
                pass

            def test_two(self):
                pass

        self.assertEqual(ExampleTest.test_one.pytestmark, [pytest.Mark("task", (), {"taskno": 1})])
        self.assertFalse(hasattr(ExampleTest.test_two, "pytestmark"))
        result = unittest.TestResult()
        ExampleTest("test_one").run(result)
        self.assertTrue(result.wasSuccessful())

    def test_classes_do_not_share_lists(self):
        @pytest.mark.base
        class Base:
            pass

        @pytest.mark.child
        class Child(Base):
            pass

        class Plain(Base):
            pass

        self.assertEqual([m.name for m in Base.pytestmark], ["base"])
        self.assertEqual([m.name for m in Child.pytestmark], ["base", "child"])
        self.assertEqual([m.name for m in Plain.pytestmark], ["base"])

    def test_get_marks_normalises_module_style(self):
        class Holder:
            pytestmark = pytest.mark.slow

        self.assertEqual(pytest.get_marks(Holder), [pytest.Mark("slow", (), {})])
        Holder.pytestmark = [pytest.mark.a, pytest.mark.b(1)]
        self.assertEqual([m.name for m in pytest.get_marks(Holder)], ["a", "b"])

    def test_parametrize_and_param(self):
        @pytest.mark.parametrize(
            "a,b",
            [(1, 2), pytest.param(3, 4, id="three", marks=pytest.mark.xfail)],
            ids=["first", "ignored"],
        )
        def test_sum(a, b):
            pass

        (mark,) = test_sum.pytestmark
        self.assertEqual(mark.name, "parametrize")
        self.assertEqual(mark.args[0], "a,b")
        case = mark.args[1][1]
        self.assertIsInstance(case, pytest.ParameterSet)
        self.assertEqual(case.values, (3, 4))
        self.assertEqual(case.id, "three")
        self.assertEqual(case.marks, (pytest.Mark("xfail", (), {}),))
        names, sets = pytest.parametrize_args(mark)
        self.assertEqual(names, ["a", "b"])
        self.assertEqual([(s.values, s.id) for s in sets], [((1, 2), "first"), ((3, 4), "three")])

    def test_parametrize_single_name(self):
        mark = pytest.mark.parametrize(["n"], [1, (2, 3)]).mark
        names, sets = pytest.parametrize_args(mark)
        self.assertEqual(names, ["n"])
        self.assertEqual([s.values for s in sets], [(1,), ((2, 3),)])


class ParametrizeIdsTest(unittest.TestCase):
    """Ids as pytest makes them (names checked against pytest 9's --collect-only)."""

    def ids(self, argnames, argvalues, **kwargs):
        _, sets = pytest.parametrize_args(pytest.mark.parametrize(argnames, argvalues, **kwargs).mark)
        return [s.id for s in sets]

    def test_callable_is_called_once_per_value(self):
        calls = []

        def idfn(value):
            calls.append(value)
            if isinstance(value, int) and value > 1:
                return f"n{value}"
            if isinstance(value, str):
                return value.upper()
            return None  # pytest's automatic id for this value

        self.assertEqual(
            self.ids("a,b", [(1, 2), (3, "x"), ([1], None)], ids=idfn), ["1-n2", "n3-X", "a2-None"]
        )
        self.assertEqual(calls, [1, 2, 3, "x", [1], None])
        self.assertEqual(self.ids("a", [1, 5, "q"], ids=idfn), ["1", "n5", "Q"])

    def test_param_id_wins_and_repeated_ids_get_a_counter(self):
        self.assertEqual(
            self.ids("a,b", [(1, 2), pytest.param(3, 4, id="given")], ids=lambda v: "same"),
            ["same-same", "given"],
        )
        self.assertEqual(self.ids("v", [1, 2, 3], ids=["x1", "x1", "y"]), ["x1_0", "x1_1", "y"])
        self.assertEqual(self.ids("v", [1, 2], ids=lambda v: "d"), ["d0", "d1"])

    def test_list_generator_and_non_string_ids(self):
        self.assertEqual(self.ids("v", [1, 2, 3], ids=(i for i in ["g1", None, "g3"])), ["g1", "2", "g3"])
        self.assertEqual(self.ids("v", [1, 2], ids=[3, None]), ["3", "2"])
        # A callable's result of an unsupported type falls back to the automatic id.
        self.assertEqual(self.ids("a,b", [(1, 2)], ids=lambda v: [v]), ["1-2"])

    def test_automatic_ids(self):
        import enum
        import re

        class Color(enum.Enum):
            RED = 1

        values = [b"by\xfft", 1 + 2j, Color.RED, re.compile("a+b"), ValueError, len, "", None, 2.5, True, (1, 2)]
        self.assertEqual(
            self.ids("v", values),
            ["by\\xfft", "(1+2j)", "Color.RED", "a+b", "ValueError", "len", "v6", "None", "2.5", "True", "v10"],
        )
        # Escaped as pytest does; printable non-ASCII kept (pytest would write Zo\xeb).
        self.assertEqual(self.ids("s", ["a\\b", "x\ny", "t\tq\x00", "Zoë"]), ["a\\\\b", "x\\ny", "t\\tq\\x00", "Zoë"])

    def test_errors(self):
        with self.assertRaises(ValueError):
            self.ids("a,b", [(1,)])
        with self.assertRaisesRegex(ValueError, "parameter 'b' at position 0"):
            self.ids("a,b", [(1, 2)], ids=lambda v: 1 / (v - 2))


class FixtureDecoratorTest(unittest.TestCase):
    def test_bare(self):
        @pytest.fixture
        def data():
            return 1

        self.assertEqual(data(), 1)  # still the plain function
        fdef = data._pydojo_fixture
        self.assertEqual((fdef.name, fdef.scope, fdef.params, fdef.autouse), ("data", "function", None, False))
        self.assertIs(fdef.func, data)

    def test_with_arguments(self):
        @pytest.fixture(scope="module", params=[1, 2], autouse=True, name="renamed")
        def data(request):
            return request.param

        fdef = data._pydojo_fixture
        self.assertEqual((fdef.name, fdef.scope, fdef.params, fdef.autouse), ("renamed", "module", (1, 2), True))


if __name__ == "__main__":
    unittest.main()
