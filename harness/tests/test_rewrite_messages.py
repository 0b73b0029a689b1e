"""Tests of the messages rewritten asserts produce (pydojo_harness.assertmsg)."""

import unittest

from pydojo_harness import assertmsg

from tests.test_rewrite import failure, load


class CompareMessageTest(unittest.TestCase):
    def test_ints(self):
        ns = load(
            """
            def test():
                assert 1 + 1 == 3
            """
        )
        exc = failure(ns["test"])
        self.assertEqual(str(exc), "assert 2 == 3")
        self.assertEqual((exc.pydojo_actual, exc.pydojo_expected, exc.pydojo_op), ("2", "3", "=="))

    def test_is_not_none_says_a_value_was_expected(self):
        ns = load(
            """
            def test(x):
                assert x is not None
            """
        )
        exc = failure(ns["test"], None)
        self.assertIn("expected a value, got None", str(exc))
        self.assertFalse(hasattr(exc, "pydojo_expected"))  # no "expected: None / actual: None"
        self.assertFalse(hasattr(exc, "pydojo_actual"))

    def test_not_equal_says_anything_else_was_expected(self):
        ns = load(
            """
            def test(x):
                assert x != 0
            """
        )
        exc = failure(ns["test"], 0)
        self.assertIn("expected anything but 0, got 0", str(exc))
        self.assertFalse(hasattr(exc, "pydojo_expected"))

    def test_user_message_comes_first_and_is_lazy(self):
        ns = load(
            """
            calls = []
            def msg():
                calls.append(1)
                return "custom text"
            def test(x):
                assert x == 2, msg()
            """
        )
        ns["test"](2)
        self.assertEqual(ns["calls"], [])
        exc = failure(ns["test"], 1)
        self.assertEqual(str(exc), "custom text\nassert 1 == 2")
        self.assertEqual(ns["calls"], [1])

    def test_strings_first_difference(self):
        ns = load(
            """
            def hello():
                return "Hi"
            def test():
                assert hello() == "Hello, World!"
            """
        )
        exc = failure(ns["test"])
        lines = str(exc).splitlines()
        self.assertEqual(lines[0], "assert 'Hi' == 'Hello, World!'")
        self.assertEqual(lines[1], "Strings differ at index 1: 'i' != 'e'; lengths 2 != 13")
        self.assertEqual(lines[2], " where 'Hi' = hello()")
        self.assertEqual(exc.pydojo_actual, "'Hi'")
        self.assertEqual(exc.pydojo_expected, "'Hello, World!'")

    def test_string_prefix_and_lines(self):
        explain = assertmsg.explain_eq
        self.assertEqual(
            explain("abc", "abcde"),
            "Strings differ in length (3 != 5): Right has 2 more characters from index 3: 'de'",
        )
        self.assertEqual(
            explain("one\ntwo\n", "one\ntwx\n"),
            "Strings differ at index 6 (line 2, column 3): 'o' != 'x'",
        )
        self.assertIsNone(explain("same", "same"))

    def test_lists_and_tuples(self):
        ns = load(
            """
            def test(a, b):
                assert a == b
            """
        )
        exc = failure(ns["test"], [1, 2, 3], [1, 2, 4])
        self.assertEqual(str(exc), "assert [1, 2, 3] == [1, 2, 4]\nFirst differing item at index 2: 3 != 4")
        exc = failure(ns["test"], [1, 2], [1, 2, 3])
        self.assertIn("Lengths differ (2 != 3): Right has 1 more item, first extra item at index 2: 3", str(exc))
        exc = failure(ns["test"], [1, 2], (1, 2))
        self.assertEqual(str(exc).splitlines()[1], "Types differ: list != tuple")
        exc = failure(ns["test"], [1, 2], (1, 3))
        self.assertEqual(
            str(exc).splitlines()[1], "Types differ: list != tuple; First differing item at index 1: 2 != 3"
        )

    def test_dicts(self):
        ns = load(
            """
            def test():
                assert {"a": 1, "b": 2, "same": 0} == {"a": 9, "c": 3, "same": 0}
            """
        )
        explanation = str(failure(ns["test"])).splitlines()[1]
        self.assertIn("Missing keys (only in right): ['c']", explanation)
        self.assertIn("Extra keys (only in left): ['b']", explanation)
        self.assertIn("Differing values: {'a': 1 != 9}", explanation)

    def test_sets_and_types(self):
        self.assertEqual(
            assertmsg.explain_eq({1, 2}, {2, 3}),
            "Missing items (only in right): {3}; Extra items (only in left): {1}",
        )
        self.assertEqual(assertmsg.explain_eq(None, "x"), "Types differ: NoneType != str")
        self.assertEqual(assertmsg.explain_eq(5, "5"), "Types differ: int != str")
        self.assertIsNone(assertmsg.explain_eq(1, 2.5))

    def test_other_operators(self):
        ns = load(
            """
            def test_in():
                assert "z" in ["a", "b"]
            def test_is():
                assert [] is None
            """
        )
        exc = failure(ns["test_in"])
        self.assertEqual(str(exc), "assert 'z' in ['a', 'b']\n'z' was not found among the 2 items of the list")
        self.assertEqual(exc.pydojo_op, "in")
        self.assertEqual(str(failure(ns["test_is"])), "assert [] is None")

    def test_unprintable_and_long_values(self):
        ns = load(
            """
            class Bad:
                def __repr__(self):
                    raise RuntimeError("no repr")
                def __eq__(self, other):
                    return False
            def test_bad():
                assert Bad() == 1
            def test_long():
                assert "x" * 5000 == "y"
            """
        )
        self.assertEqual(str(failure(ns["test_bad"])).splitlines()[0], "assert <unprintable Bad> == 1")
        first = str(failure(ns["test_long"])).splitlines()[0]
        self.assertLess(len(first), 1100)
        self.assertIn(" ... ", first)

    def test_hostile_values_do_not_break_the_message(self):
        class Liar(list):
            def __len__(self):
                raise RuntimeError("len refused")

        self.assertIsNone(assertmsg.explain_eq(Liar([1]), [2]))
        exc = assertmsg.compare_fail(Liar([1]), "==", [2], (), (), None, False)
        self.assertTrue(str(exc).startswith("assert [1] == [2]"))


class MembershipMessageTest(unittest.TestCase):
    """`in` / `not in`: no expected/actual sides (the UI shows no diff); the message says
    what was or was not found, and where."""

    def message(self, source, *args):
        ns = load(source)
        exc = failure(ns["test"], *args)
        self.assertIn(exc.pydojo_op, ("in", "not in"))
        self.assertFalse(hasattr(exc, "pydojo_expected"))
        self.assertFalse(hasattr(exc, "pydojo_actual"))
        return str(exc)

    def test_not_in_a_list_names_the_index(self):
        text = self.message(
            """
            def test():
                assert 3 not in [1, 2, 3]
            """
        )
        self.assertEqual(text, "assert 3 not in [1, 2, 3]\n3 should not be in the list, but it is, at index 2")

    def test_substring(self):
        text = self.message(
            """
            def test(s):
                assert "b" in s
            """,
            "acd",
        )
        self.assertEqual(text, "assert 'b' in 'acd'\n'b' was not found in the string (length 3)")
        text = self.message(
            """
            def test():
                assert "World" in "hello world"
            """
        )
        self.assertEqual(
            text.splitlines()[1],
            "'World' was not found in the string (length 11); it is there with different case at index 6: 'world'",
        )
        text = self.message(
            """
            def test():
                assert "l" not in "hello"
            """
        )
        self.assertEqual(text.splitlines()[1], "'l' should not be in the string, but it is, at index 2 (and 1 more time)")

    def test_look_alike_of_another_type(self):
        text = self.message(
            """
            def test():
                assert 3 in ["1", "2", "3"]
            """
        )
        self.assertEqual(
            text.splitlines()[1], "3 was not found among the 3 items of the list; the list has '3' (str), not 3 (int)"
        )

    def test_dicts_sets_and_empty(self):
        explain, found = assertmsg.explain_not_found, assertmsg.explain_found
        self.assertEqual(
            explain("x", {"a": "x", "b": 2}), "'x' is not a key of the dict (its keys: 'a', 'b'); it is the value of key 'a'"
        )
        self.assertEqual(found("a", {"a": 1}), "'a' should not be a key of the dict, but it is (its value: 1)")
        self.assertEqual(explain(5, {1, 2}), "5 was not found among the 2 items of the set")
        self.assertEqual(found(1, frozenset({1})), "1 should not be in the set, but it is")
        self.assertEqual(explain(1, ()), "1 was not found: the tuple is empty")
        self.assertEqual(found(2, (1, 2)), "2 should not be in the tuple, but it is, at index 1")

    def test_other_containers_and_hostile_values(self):
        class Box:
            def __contains__(self, item):
                return False

            def __repr__(self):
                return "Box()"

        class Liar(list):
            def __len__(self):
                raise RuntimeError("len refused")

        self.assertIsNone(assertmsg.explain_not_found(1, Box()))
        self.assertIsNone(assertmsg.explain_not_found(1, Liar([2])))
        self.assertEqual(str(assertmsg.compare_fail(1, "in", Box(), (), (), None, False)), "assert 1 in Box()")
        self.assertEqual(
            str(assertmsg.compare_fail(1, "in", Liar([2]), (), (), None, False)), "assert 1 in [2]"
        )


class GenericMessageTest(unittest.TestCase):
    def test_call(self):
        ns = load(
            """
            def is_even(n):
                return n % 2 == 0
            def test():
                assert is_even(3)
            def test_nested():
                s = "abc"
                assert is_even(len(s))
            """
        )
        self.assertEqual(str(failure(ns["test"])), "assert is_even(3)\n where False = is_even(3)")
        self.assertEqual(
            str(failure(ns["test_nested"])),
            "assert is_even(len(s))\n where False = is_even(len(s))\n   where 3 = len(s)\n     where 'abc' = s",
        )
        self.assertFalse(hasattr(failure(ns["test"]), "pydojo_op"))

    def test_non_ascii_source_text(self):
        ns = load(
            """
            def check(word):
                return False
            def test():
                café = "naïve"
                assert check("ünïcode") or check(café)
            """
        )
        self.assertEqual(
            str(failure(ns["test"])),
            "assert check(\"ünïcode\") or check(café)\n"
            " where False = check(\"ünïcode\")\n"
            " where False = check(café)\n"
            "   where 'naïve' = café",
        )

    def test_not_and_names(self):
        ns = load(
            """
            def test_not(x):
                assert not x
            def test_name(x):
                assert x, "x must be truthy"
            """
        )
        self.assertEqual(str(failure(ns["test_not"], [1])), "assert not x\n where [1] = x")
        self.assertEqual(str(failure(ns["test_name"], 0)), "x must be truthy\nassert x\n where 0 = x")

    def test_short_circuit_hides_unevaluated_parts(self):
        ns = load(
            """
            def f(n):
                return n
            def test(a):
                assert f(a) and f(2) and f(3)
            """
        )
        self.assertEqual(str(failure(ns["test"], 0)), "assert f(a) and f(2) and f(3)\n where 0 = f(a)\n   where 0 = a")

    def test_chained_and_functions_not_shown(self):
        ns = load(
            """
            def test(x):
                assert 1 < x < 2
            def test_func():
                assert callable(len) and False
            """
        )
        self.assertEqual(str(failure(ns["test"], 3)), "assert 1 < x < 2\n where 3 = x")
        self.assertEqual(str(failure(ns["test_func"])), "assert callable(len) and False\n where True = callable(len)")


if __name__ == "__main__":
    unittest.main()
