import unittest

from growth import classify_growth, count_fast, count_nested, measure


class CountNestedTest(unittest.TestCase):
    def test_the_example(self):
        self.assertEqual(
            count_nested([4, 8, 15, 8]),
            5,
            "4 is compared with 8, 15 and 8, then 8 with 15 and with 8: the comparison that finds the duplicate counts too",
        )

    def test_no_comparisons_for_fewer_than_two_items(self):
        self.assertEqual(count_nested([]), 0)
        self.assertEqual(count_nested([7]), 0)

    def test_stops_at_the_first_duplicate(self):
        self.assertEqual(count_nested([5, 5, 1, 2, 3]), 1)
        self.assertEqual(count_nested([1, 2, 1, 3, 4]), 2)

    def test_duplicate_at_the_end(self):
        # 4 + 3 + 2 + 1 comparisons: the last one finds it
        self.assertEqual(count_nested([1, 2, 3, 4, 4]), 10)

    def test_distinct_items_compare_every_pair(self):
        for n in (2, 3, 10, 100):
            with self.subTest(n=n):
                self.assertEqual(count_nested(list(range(n))), n * (n - 1) // 2)


class CountFastTest(unittest.TestCase):
    def test_the_example(self):
        self.assertEqual(count_fast([4, 8, 15, 8]), 4)

    def test_empty_list(self):
        self.assertEqual(count_fast([]), 0)

    def test_stops_at_the_first_duplicate(self):
        self.assertEqual(count_fast([5, 5, 1, 2, 3]), 2)
        self.assertEqual(count_fast([1, 2, 3, 4, 4]), 5)

    def test_distinct_items_are_each_looked_up_once(self):
        for n in (1, 10, 1000):
            with self.subTest(n=n):
                self.assertEqual(count_fast(list(range(n))), n)


class MeasureTest(unittest.TestCase):
    def test_measure_count_nested(self):
        self.assertEqual(measure(count_nested, [100, 200, 400]), {100: 4950, 200: 19900, 400: 79800})

    def test_measure_count_fast(self):
        self.assertEqual(measure(count_fast, [10, 1000]), {10: 10, 1000: 1000})

    def test_measure_passes_a_list_of_n_distinct_numbers(self):
        self.assertEqual(measure(sum, [1, 4, 10]), {1: 0, 4: 6, 10: 45})
        self.assertEqual(measure(len, [3, 0]), {3: 3, 0: 0})

    def test_measure_works_with_any_counter(self):
        self.assertEqual(measure(lambda items: 42, [5, 50]), {5: 42, 50: 42})


def table(formula, sizes):
    return {n: formula(n) for n in sizes}


class ClassifyGrowthTest(unittest.TestCase):
    def check(self, counts, expected):
        self.assertEqual(classify_growth(counts), expected, f"classify_growth({counts})")

    def test_constant(self):
        self.check(table(lambda n: 1, [10, 100, 1000]), "constant")
        self.check(table(lambda n: 7, [1000, 2000]), "constant")
        self.check({100: 12, 200: 12, 400: 13}, "constant")

    def test_linear(self):
        self.check(table(lambda n: n, [10, 100, 1000]), "linear")
        self.check(table(lambda n: 3 * n + 5, [1000, 2000, 4000]), "linear")
        self.check(table(lambda n: n // 2, [100, 10000]), "linear")

    def test_quadratic(self):
        self.check(table(lambda n: n * n, [10, 100, 1000]), "quadratic")
        self.check(table(lambda n: n * (n - 1) // 2, [100, 200, 400]), "quadratic")
        self.check(table(lambda n: n * n + 100 * n, [1000, 10000]), "quadratic")

    def test_sizes_in_any_order(self):
        self.check({4000: 16_000_000, 1000: 1_000_000, 2000: 4_000_000}, "quadratic")
        self.check({2000: 2000, 8000: 8000, 1000: 1000}, "linear")

    def test_uses_the_two_largest_sizes(self):
        # 5n + 5000: the fixed cost hides the growth at small sizes
        self.check({10: 5050, 100: 5500, 1000: 10000, 10000: 55000}, "linear")
        # n * n + 10000 * n: looks linear at first, then the square wins
        self.check({10: 100100, 100: 1010000, 100000: 11000000000, 1000000: 1010000000000}, "quadratic")

    def test_needs_two_sizes(self):
        with self.assertRaises(ValueError):
            classify_growth({1000: 5})
        with self.assertRaises(ValueError):
            classify_growth({})


class PuttingItTogetherTest(unittest.TestCase):
    def test_the_nested_loops_grow_quadratically(self):
        self.assertEqual(classify_growth(measure(count_nested, [100, 200, 400])), "quadratic")

    def test_the_set_version_grows_linearly(self):
        self.assertEqual(classify_growth(measure(count_fast, [1000, 10000, 100000])), "linear")

    def test_a_fixed_amount_of_work_is_constant(self):
        self.assertEqual(classify_growth(measure(lambda items: 3, [10, 100, 1000])), "constant")
