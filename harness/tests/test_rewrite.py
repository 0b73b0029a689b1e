"""Tests of assert rewriting (pydojo_harness.rewrite and pydojo_harness.assertmsg)."""

import sys
import textwrap
import traceback
import unittest

from pydojo_harness import assertmsg, rewrite


def load(source, filename="test_example.py"):
    """Compile ``source`` with rewritten asserts and execute it in a fresh namespace."""
    source = textwrap.dedent(source)
    namespace = {"__name__": "example"}
    exec(rewrite.compile_test_module(source, filename), namespace)
    return namespace


def failure(func, *args):
    """Call ``func`` and return the AssertionError it raises."""
    try:
        func(*args)
    except AssertionError as exc:
        return exc
    raise AssertionError("expected an AssertionError")


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
        self.assertEqual(str(exc), "assert 'z' in ['a', 'b']")
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


class SemanticsTest(unittest.TestCase):
    """The rewritten assert must behave exactly like the original one."""

    PRELUDE = """
    log = []
    class V:
        def __init__(self, name, value):
            self.name, self.value = name, value
        def __bool__(self):
            log.append("bool " + self.name)
            return bool(self.value)
        def __lt__(self, other):
            log.append("lt " + self.name)
            return V(self.name + "<", self.value < other.value)
        def __eq__(self, other):
            log.append("eq " + self.name)
            return V(self.name + "=", self.value == getattr(other, "value", other))
        def __repr__(self):
            return self.name
    def v(name, value):
        log.append("eval " + name)
        return V(name, value)
    def test(a, b, c):
    """

    EXPRESSIONS = [
        "v('a', a) == v('b', b)",
        "v('a', a) < v('b', b) < v('c', c)",
        "v('a', a) and v('b', b) or v('c', c)",
        "not (v('a', a) and v('b', b))",
        "not v('a', a) or not v('b', b)",
        "v('a', a) < v('b', b) and v('c', c)",
        "[v('a', a), v('b', b)][0] or v('c', c)",
        "(v('a', a) if b else v('c', c)) == v('b', b)",
        "v('a', a).value + v('b', b).value < v('c', c).value",
        "f(v('a', a), *[v('b', b)], key=v('c', c))",
        "v('a', a) == (c := v('c', a))",
    ]

    def run_both(self, expression, args):
        source = textwrap.dedent(self.PRELUDE) + f"    assert {expression}\n"
        source = "def f(*args, **kwargs):\n    log.append('call f')\n    return args[0]\n" + source
        outcomes = []
        for compiler in (lambda s: compile(s, "plain.py", "exec"), lambda s: rewrite.compile_test_module(s, "rw.py")):
            ns = {}
            exec(compiler(source), ns)
            try:
                ns["test"](*args)
                result = "pass"
            except AssertionError:
                result = "fail"
            outcomes.append((result, ns["log"]))
        return outcomes

    def test_same_evaluation_order_and_bool_calls_as_python(self):
        for expression in self.EXPRESSIONS:
            for args in [(1, 2, 3), (3, 2, 1), (0, 0, 0), (1, 1, 0), (0, 1, 1), (2, 2, 2)]:
                with self.subTest(expression=expression, args=args):
                    plain, rewritten = self.run_both(expression, args)
                    self.assertEqual(rewritten, plain)

    def test_each_operand_evaluated_once(self):
        ns = load(
            """
            count = {"n": 0}
            def tick(value):
                count["n"] += 1
                return value
            def test_pass():
                assert tick(1) == tick(1)
            def test_fail():
                assert tick(1) == tick(2)
            def test_generic():
                assert tick(0) or tick(0)
            """
        )
        ns["test_pass"]()
        self.assertEqual(ns["count"]["n"], 2)
        failure(ns["test_fail"])
        self.assertEqual(ns["count"]["n"], 4)
        failure(ns["test_generic"])
        self.assertEqual(ns["count"]["n"], 6)

    def test_short_circuit(self):
        ns = load(
            """
            calls = []
            def f(name, value):
                calls.append(name)
                return value
            def test_and():
                assert f("a", 0) and f("b", 1)
            def test_or():
                assert f("c", 1) or f("d", 1)
            def test_chain():
                assert f("e", 3) < f("f", 2) < f("g", 9)
            """
        )
        failure(ns["test_and"])
        ns["test_or"]()
        failure(ns["test_chain"])
        self.assertEqual(ns["calls"], ["a", "c", "e", "f"])

    def test_chained_comparison(self):
        ns = load(
            """
            def test(a, b, c):
                assert a < b <= c
            """
        )
        ns["test"](1, 2, 2)
        failure(ns["test"], 1, 3, 2)
        failure(ns["test"], 3, 2, 5)

    def test_walrus_await_super_and_comprehensions(self):
        ns = load(
            """
            class Base:
                def value(self):
                    return 41
            class Child(Base):
                def value(self):
                    assert super().value() + 1 == 42
                    return 42
            def test_walrus():
                assert (n := 5) == 5
                assert [n * i for i in range(2)] == [0, 5]
                return n
            async def get():
                return 7
            async def test_async():
                assert await get() == 7
                return "done"
            class InClassBody:
                xs = [1, 2]
                assert all(x > 0 for x in xs)
            """
        )
        self.assertEqual(ns["Child"]().value(), 42)
        self.assertEqual(ns["test_walrus"](), 5)
        coroutine = ns["test_async"]()
        with self.assertRaises(StopIteration) as stop:
            coroutine.send(None)
        self.assertEqual(stop.exception.value, "done")
        self.assertEqual(list(vars(ns["InClassBody"])).count("xs"), 1)
        self.assertFalse([name for name in vars(ns["InClassBody"]) if name.startswith("@pd")])

    def test_module_level_and_nested_blocks(self):
        ns = load(
            """
            x = 1
            assert x == 1
            def test(items):
                for item in items:
                    if item:
                        try:
                            with open(__file__) if False else nullcontext():
                                assert item < 10, "too big"
                        finally:
                            pass
            from contextlib import nullcontext
            """
        )
        self.assertFalse([name for name in ns if name.startswith("@pd")])
        ns["test"]([1, 0, 2])
        self.assertEqual(str(failure(ns["test"], [1, 20])), "too big\nassert 20 < 10")

    def test_future_import_and_docstring_kept(self):
        ns = load(
            '''
            """Module docstring."""
            from __future__ import annotations
            def test(x: Undefined) -> None:
                assert x == 1
            '''
        )
        self.assertEqual(ns["__doc__"], "Module docstring.")
        ns["test"](1)

    def test_install_helpers(self):
        namespace = rewrite.install_helpers({})
        self.assertIs(namespace[rewrite.HELPER_NAME], assertmsg)

    def test_syntax_error(self):
        with self.assertRaises(SyntaxError) as ctx:
            rewrite.compile_test_module("def f(:\n", "broken_test.py")
        self.assertEqual(ctx.exception.filename, "broken_test.py")

    def test_test_code_cannot_break_helpers(self):
        ns = load(
            """
            AssertionError = None
            repr = None
            def __import__(*args):
                raise ImportError("shadowed")
            def test():
                assert [1] == [2]
            """
        )
        self.assertTrue(str(failure(ns["test"])).startswith("assert [1] == [2]"))


class LineNumberTest(unittest.TestCase):
    SOURCE = textwrap.dedent(
        """\
        def boom():
            raise ValueError("inside")

        def test_fail():
            x = 1
            assert x == 2

        def test_multiline():
            assert (
                1 ==
                boom()
            )
        """
    )

    def test_failed_assert_points_at_assert_line(self):
        ns = {}
        exec(rewrite.compile_test_module(self.SOURCE, "lines_test.py"), ns)
        exc = failure(ns["test_fail"])
        frame = traceback.extract_tb(exc.__traceback__)[-1]
        self.assertEqual((frame.filename, frame.name, frame.lineno), ("lines_test.py", "test_fail", 6))

    def test_error_inside_operand_points_at_its_line(self):
        ns = {}
        exec(rewrite.compile_test_module(self.SOURCE, "lines_test.py"), ns)
        try:
            ns["test_multiline"]()
        except ValueError as exc:
            frames = traceback.extract_tb(exc.__traceback__)
        else:
            self.fail("no ValueError")
        self.assertEqual([(f.name, f.lineno) for f in frames[-2:]], [("test_multiline", 11), ("boom", 2)])

    def test_every_node_has_a_location(self):
        import ast

        tree = rewrite.rewrite_asserts(ast.parse(self.SOURCE), self.SOURCE)
        for node in ast.walk(tree):
            if isinstance(node, (ast.stmt, ast.expr)):
                self.assertLessEqual(node.lineno, node.end_lineno)
                self.assertLessEqual(node.end_lineno, 12)


if __name__ == "__main__":
    unittest.main()
