"""Tests of test collection (pydojo_harness.collect): names of parametrized tests."""

import textwrap
import types
import unittest

from tests import SHIM_DIR  # noqa: F401 - puts the shim on sys.path

from pydojo_harness.collect import collect_module


def names(source):
    source = textwrap.dedent(source)
    module = types.ModuleType("example_test")
    exec(compile(source, "example_test.py", "exec"), module.__dict__)
    return [item.name for item in collect_module(module, source)]


class ParametrizeNamesTest(unittest.TestCase):
    def test_ids_callable_with_several_argument_names(self):
        # Each value separately, joined with "-"; None means pytest's own id for that value.
        self.assertEqual(
            names(
                """
                import pytest

                @pytest.mark.parametrize("a,b", [(1, 2), (3, "x"), ([1], None)],
                                         ids=lambda v: v.upper() if isinstance(v, str) else None)
                def test_pair(a, b):
                    pass
                """
            ),
            ["pair[1-2]", "pair[3-X]", "pair[a2-None]"],
        )

    def test_stacked_marks_and_params(self):
        self.assertEqual(
            names(
                """
                import pytest

                @pytest.mark.parametrize("x", [1, 2], ids=lambda v: "d")
                @pytest.mark.parametrize("y", ["a", pytest.param("b", id="bee")], ids=str.upper)
                def test_grid(x, y):
                    pass
                """
            ),
            ["grid[A-d0]", "grid[A-d1]", "grid[bee-d0]", "grid[bee-d1]"],
        )

    def test_parameters_reach_the_test(self):
        source = textwrap.dedent(
            """
            import pytest

            @pytest.mark.parametrize("a,b", [(1, 2)], ids=str)
            def test_pair(a, b):
                pass
            """
        )
        module = types.ModuleType("example_test")
        exec(compile(source, "example_test.py", "exec"), module.__dict__)
        (item,) = collect_module(module, source)
        self.assertEqual((item.name, item.params), ("pair[1-2]", {"a": 1, "b": 2}))


def collected(source, name="example_test"):
    module = types.ModuleType(name)
    exec(compile(source, f"{name}.py", "exec"), module.__dict__)
    return [(item.name, item.lineno, item.test_code) for item in collect_module(module, source)]


class RepeatedCollectionTest(unittest.TestCase):
    """A long-lived interpreter (the browser's) collects the same files on every Run: what is
    read from a file's source is kept by its text, and an edited file is read again."""

    SOURCE = textwrap.dedent(
        """
        import unittest

        def test_one():
            assert 1 == 1

        class TestThings:
            def test_two(self):
                x = 2
                assert x == 2

        class Base(unittest.TestCase):
            def test_inherited(self):
                self.assertTrue(True)

        class Child(Base):
            pass
        """
    )

    def test_the_same_source_gives_the_same_items(self):
        first = collected(self.SOURCE)
        self.assertEqual(collected(self.SOURCE), first)
        self.assertIn(("one", 4, "assert 1 == 1"), first)
        self.assertIn(("Things > two", 8, "x = 2\nassert x == 2"), first)
        # An inherited unittest method is found in its base class, in the same file.
        self.assertIn(("Child > inherited", 13, "self.assertTrue(True)"), first)

    def test_an_edited_source_is_read_again(self):
        collected(self.SOURCE)
        edited = self.SOURCE.replace("def test_one():\n    assert 1 == 1", "\n\ndef test_one():\n    assert 2 == 2")
        self.assertIn(("one", 6, "assert 2 == 2"), collected(edited))
        self.assertIn(("one", 4, "assert 1 == 1"), collected(self.SOURCE))


if __name__ == "__main__":
    unittest.main()
