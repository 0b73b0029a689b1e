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


if __name__ == "__main__":
    unittest.main()
