"""Tests of assert rewriting: semantics and line numbers (pydojo_harness.rewrite).

The failure messages are tested in test_rewrite_messages.py.
"""

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

    def test_compiled_modules_are_reused_for_the_same_source(self):
        first = rewrite.compile_test_module("assert 1 == 1\n", "same_test.py")
        self.assertIs(rewrite.compile_test_module("assert 1 == 1\n", "same_test.py"), first)
        self.assertIsNot(rewrite.compile_test_module("assert 2 == 2\n", "same_test.py"), first)
        self.assertIsNot(rewrite.compile_test_module("assert 1 == 1\n", "other_test.py"), first)

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
