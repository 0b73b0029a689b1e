import unittest

from inventory import count_equal, find_sku, is_missing, same_order, unique


def built(text):
    """The same text as a brand-new string object, as if it came from a request."""
    return "".join(list(text))


class FindSkuTest(unittest.TestCase):
    def test_finds_a_sku_built_at_run_time(self):
        skus = ["SKU-1000", "SKU-2000", "SKU-3000"]
        self.assertEqual(find_sku(skus, built("SKU-2000")), 1)

    def test_missing_sku(self):
        self.assertEqual(find_sku(["SKU-1"], "SKU-2"), -1)

    def test_large_numbers(self):
        self.assertEqual(find_sku([10**6, 10**9], int("1000000000")), 1)


class CountEqualTest(unittest.TestCase):
    def test_counts_large_numbers(self):
        self.assertEqual(count_equal([1000, 1000, 7], int("1000")), 2)

    def test_counts_strings_built_at_run_time(self):
        self.assertEqual(count_equal(["apple pie", "tart", "apple pie"], built("apple pie")), 2)

    def test_counts_floats(self):
        self.assertEqual(count_equal([0.5, 1.5, 0.5], 1 / 2), 2)


class IsMissingTest(unittest.TestCase):
    def test_only_none_is_missing(self):
        cases = {None: True, 0: False, "": False, False: False, 0.0: False}
        for value, expected in cases.items():
            with self.subTest(value=value):
                self.assertIs(is_missing(value), expected, 'only None is missing: 0, "", False and [] are values')

    def test_empty_list_is_a_value(self):
        self.assertIs(is_missing([]), False, 'only None is missing: 0, "", False and [] are values')


class SameOrderTest(unittest.TestCase):
    def test_equal_contents_are_the_same_order(self):
        self.assertTrue(
            same_order({"tea": 2, "cake": 1}, {"cake": 1, "tea": 2}),
            "two orders with the same contents are equal (==) though they are two objects (is)",
        )

    def test_different_contents(self):
        self.assertFalse(same_order({"tea": 2}, {"tea": 3}))


REPEATS = "equal values are repeats even when they are different objects: compare with ==, not is"


class UniqueTest(unittest.TestCase):
    def test_large_numbers(self):
        values = [int("1000"), int("1000"), 7, int("1000"), 7]
        self.assertEqual(unique(values), [1000, 7], REPEATS)

    def test_strings_built_at_run_time(self):
        values = [built("SKU-2000"), built("SKU-1000"), built("SKU-2000")]
        self.assertEqual(unique(values), ["SKU-2000", "SKU-1000"], REPEATS)

    def test_nothing_to_remove(self):
        self.assertEqual(unique([3, 1, 2]), [3, 1, 2])
        self.assertEqual(unique([]), [])
