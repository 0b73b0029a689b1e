"""The performance lab: the growth fit, the counters, memory and profile (perf.py, perf_host.py)."""
import math
import os
import random
import sys
import tempfile
import textwrap
import unittest

from pydojo_harness import perf, perf_host

from .judge_process import run_judge

SIZES = [8, 16, 32, 64, 128, 256, 512]
MODELS = {
    "constant": lambda n: 7,
    "logarithmic": lambda n: 3 * math.log2(n) + 2,
    "linear": lambda n: 2 * n + 5,
    "n log n": lambda n: n * math.log2(n) - n + 1,  # what merge sort's comparisons look like
    "quadratic": lambda n: n * (n - 1) / 2,
    "cubic": lambda n: n ** 3 / 6,
}


class GrowthFitTest(unittest.TestCase):
    def test_every_class_from_a_clean_series(self):
        for cls, fn in MODELS.items():
            with self.subTest(cls=cls):
                self.assertEqual(perf.fit_growth(SIZES, [fn(n) for n in SIZES])[0], cls)

    def test_exponential(self):
        sizes = [4, 6, 8, 10, 12, 14]
        self.assertEqual(perf.fit_growth(sizes, [2 ** n + 3 for n in sizes])[0], "exponential")
        fib_calls = {n: 2 * _fib(n + 1) - 1 for n in sizes}  # calls of the naive recursive fib
        self.assertEqual(perf.fit_growth(sizes, [fib_calls[n] for n in sizes])[0], "exponential")

    def test_every_class_with_five_percent_noise(self):
        rng = random.Random(13)
        for cls, fn in MODELS.items():
            for trial in range(20):
                with self.subTest(cls=cls, trial=trial):
                    costs = [fn(n) * (1 + rng.uniform(-0.05, 0.05)) for n in SIZES]
                    self.assertEqual(perf.fit_growth(SIZES, costs)[0], cls, costs)

    def test_real_counts(self):
        self.assertEqual(perf.fit_growth(SIZES, [_merge_sort_comparisons(n) for n in SIZES])[0], "n log n")
        self.assertEqual(perf.fit_growth(SIZES, [_insertion_sort_comparisons(n) for n in SIZES])[0], "quadratic")
        self.assertEqual(perf.fit_growth(SIZES, [_binary_search_steps(n) for n in SIZES])[0], "logarithmic")

    def test_bad_input_says_what_to_do(self):
        with self.assertRaisesRegex(ValueError, "at least 3 sizes"):
            perf.fit_growth([1, 2], [1, 2])
        with self.assertRaisesRegex(ValueError, "different positive"):
            perf.fit_growth([1, 1, 2], [1, 2, 3])
        with self.assertRaisesRegex(ValueError, "unknown growth class 'fast'"):
            perf.growth_class("fast")

    def test_aliases(self):
        self.assertEqual(perf.growth_class("O(n^2)"), "quadratic")
        self.assertEqual(perf.growth_class("n log n"), "n log n")
        self.assertEqual(perf.growth_class("1"), "constant")


class AssertGrowthTest(unittest.TestCase):
    def setUp(self):
        perf.begin_test()

    def tearDown(self):
        perf.take()

    def test_too_fast_growth_is_a_teaching_message(self):
        sizes = [100, 200, 400]
        result = perf.Growth("sort_scores()", "comparisons", sizes, [n * (n - 1) // 2 for n in sizes], "quadratic", "judge",
                             perf._reference({"class": "n log n", "series": {400: 2725}}))
        with self.assertRaises(AssertionError) as caught:
            perf.assert_growth_at_most(result, "n log n")
        text = str(caught.exception)
        self.assertIn("grows like n²: 19,900 for n = 200, 79,800 for n = 400 comparisons", text)
        self.assertIn("the reference grows like n log n, it makes 2,725 for n = 400", text)

    def test_pass_notes_the_reference(self):
        sizes = [100, 200, 400]
        result = perf.Growth("f()", "comparisons", sizes, [700, 1500, 3300], "n log n", "judge")
        perf.assert_growth_at_most(result, "n log n", reference={"series": {400: 3000}})
        self.assertIn("within 2x of the reference", perf.take()["notes"][0])
        perf.begin_test()
        with self.assertRaisesRegex(AssertionError, "costs 3.3x the reference"):
            perf.assert_growth_at_most(result, "n log n", within=2, reference={"series": {400: 1000}})


class CountersTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp()
        with open(os.path.join(self.dir, "learner_mod.py"), "w") as handle:
            handle.write(textwrap.dedent("""
                def total(items):
                    s = 0
                    for x in items:
                        s += x
                    return s

                def pairs(items):
                    return [(a, b) for a in items for b in items]
            """))
        sys.path.insert(0, self.dir)
        import learner_mod

        self.mod = learner_mod

    def tearDown(self):
        sys.path.remove(self.dir)
        sys.modules.pop("learner_mod", None)

    def test_same_count_every_time(self):
        first = perf_host.count_operations(self.dir, self.mod.total, ([1, 2, 3, 4],))
        second = perf_host.count_operations(self.dir, self.mod.total, ([1, 2, 3, 4],))
        self.assertEqual((first["lines"], first["calls"]), (second["lines"], second["calls"]))
        self.assertEqual(first["value"], 10)
        self.assertEqual(first["calls"], 1)
        # 1 (s = 0) + 5 `for` lines + 4 `s += x` + 1 return: the same on 3.11 and 3.14.
        self.assertEqual(first["lines"], 11)

    def test_only_the_learners_files_count(self):
        outside = perf_host.count_operations(self.dir, sorted, ([3, 2, 1],))
        self.assertEqual((outside["lines"], outside["calls"]), (0, 0))

    def test_line_count_grows_with_the_work(self):
        rows = perf_host.count_series(self.dir, self.mod.total, [list(range(n)) for n in SIZES])
        self.assertEqual(perf.fit_growth(SIZES, [r["lines"] for r in rows])[0], "linear")
        rows = perf_host.count_series(self.dir, self.mod.pairs, [list(range(n)) for n in SIZES[:5]])
        self.assertEqual(perf.fit_growth(SIZES[:5], [r["lines"] for r in rows])[0], "quadratic")

    def test_tracing_is_restored(self):
        before = sys.gettrace()
        perf_host.count_operations(self.dir, self.mod.total, ([1],))
        self.assertIs(sys.gettrace(), before)

    def test_counted_values(self):
        counter = perf.Counter("comparisons")
        items = sorted(perf.values([5, 3, 9, 1], counter))
        first = counter.comparisons
        self.assertEqual(perf.unwrap(items), [1, 3, 5, 9])
        counter.reset()
        sorted(perf.values([5, 3, 9, 1], counter))
        self.assertEqual(counter.comparisons, first)
        self.assertGreater(first, 0)
        counter.reset()
        set(perf.values([1, 2, 1], counter))
        self.assertEqual(counter.hash, 3)
        self.assertEqual(counter.eq, 1)  # the second 1 equals the first

    def test_a_value_of_another_counter_counts_on_both(self):
        # A counted value kept from an earlier measurement must not make comparisons free for
        # the counter the test reads (old < new asks old's counter first).
        old_counter, new_counter = perf.Counter(), perf.Counter()
        old = perf.values([5], old_counter)[0]
        new = perf.values([3, 9], new_counter)
        self.assertEqual([old < v for v in new], [False, True])
        self.assertEqual(new_counter.order, 2)
        self.assertEqual(old_counter.order, 2)
        self.assertTrue(old == perf.values([5], new_counter)[0])
        self.assertEqual(new_counter.eq, 1)

    def test_rows_fetched_from_sqlite3_count(self):
        import sqlite3

        perf_host.count_rows()
        connection = sqlite3.connect(":memory:")
        connection.execute("CREATE TABLE t (x)")
        connection.executemany("INSERT INTO t VALUES (?)", [(i,) for i in range(50)])
        every_way = {
            "fetchall": lambda: connection.execute("SELECT x FROM t").fetchall(),
            "iteration": lambda: list(connection.execute("SELECT x FROM t")),
            "fetchmany": lambda: connection.cursor().execute("SELECT x FROM t").fetchmany(20),
            "fetchone": lambda: connection.execute("SELECT count(*) FROM t").fetchone(),
        }
        expected = {"fetchall": 50, "iteration": 50, "fetchmany": 20, "fetchone": 1}
        for name, fetch in every_way.items():
            with self.subTest(fetch=name):
                self.assertEqual(perf_host.count_operations(self.dir, fetch)["rows"], expected[name])
        # The row factory the code chose still applies and reads back as it was set.
        connection.row_factory = sqlite3.Row
        self.assertIs(connection.row_factory, sqlite3.Row)
        answer = perf_host.count_operations(self.dir, lambda: connection.execute("SELECT x FROM t WHERE x = 7").fetchone())
        self.assertEqual((answer["rows"], answer["value"]["x"]), (1, 7))
        self.assertIsInstance(connection, sqlite3.Connection)

    def test_counting_calls(self):
        counter = perf.Counter()
        double = perf.counting(lambda x: 2 * x, counter, "double")
        self.assertEqual([double(i) for i in range(4)], [0, 2, 4, 6])
        self.assertEqual(counter.calls, {"double": 4})
        self.assertEqual(counter.total, 4)


class CountedValuesHideTheirValueTest(unittest.TestCase):
    """A Counted value tells the learner's code about its value only through counted
    operations (red-team finding, 2026-12-06: a quadratic sort compared the public `.value`
    and made 0 counted comparisons)."""

    def test_no_public_value_and_no_value_in_repr_str_or_hash(self):
        counter = perf.Counter()
        item = perf.values([12345], counter)[0]
        with self.assertRaisesRegex(AttributeError, "perf.unwrap"):
            item.value
        self.assertNotIn("12345", repr(item) + str(item) + format(item, ""))
        self.assertNotEqual(hash(item), hash(12345))
        self.assertEqual(hash(item), hash(perf.values([12345], counter)[0]))  # equal values, equal hashes
        self.assertFalse(hasattr(item, "__dict__"))
        self.assertEqual(perf.unwrap(item), 12345)
        self.assertEqual(perf.unwrap((item, [item], 3)), (12345, [12345], 3))

    def test_the_hash_key_changes_with_each_grade(self):
        counter = perf.Counter()
        before = hash(perf.values([7], counter)[0])
        perf.begin_grade(None, None)
        self.assertNotEqual(hash(perf.values([7], counter)[0]), before)

    def test_comparing_with_a_foreign_object_never_hands_it_the_value(self):
        seen = []

        class Spy:
            def __eq__(self, other):
                seen.append(other)
                return False

            def __gt__(self, other):
                seen.append(other)
                return False

            __hash__ = object.__hash__

        counter = perf.Counter()
        item = perf.values([42], counter)[0]
        self.assertFalse(item == Spy())
        self.assertFalse(item < Spy())  # the Spy's own __gt__ answers, given the Counted
        with self.assertRaises(TypeError):
            item < (1, Spy())
        self.assertTrue(all(type(x) is perf.Counted for x in seen), seen)
        self.assertEqual(counter.comparisons, 3)  # still counted
        self.assertTrue(item == 42 and item < 43 and item >= 42.0)
        pair = perf.values([(1, "a")], counter)[0]
        self.assertTrue(pair == (1, "a") and pair < (1, "b"))
        self.assertTrue(item == perf.values([42], counter)[0])


# The red team's forgeries, each run through the real judge (the learner's code in its own
# process): every channel that used to show a Counted's value to the learner's code.
FORGED_SORTS = {
    "the public .value": "lambda c: c.value",
    "repr()": "lambda c: int(repr(c))",
    "str() and format()": "lambda c: int(f'{c}')",
    "hash() (hash(n) is n for an int)": "hash",
    "a spy compared with it": "spy_value",
}
PERF_TESTS = """
from pydojo_harness import perf
from solution import local_sort

def test_sorted_and_n_log_n():
    counter = perf.Counter("comparisons")
    data = [5, 3, 9, 1, 7, 12, 0, 8]
    assert local_sort(perf.values(data, counter)) == perf.values(sorted(data), counter)
    # As the course's exercises do, each measured input's result is checked too: a channel that
    # leaks no order (a keyed hash) must not pass by the luck of a few items (1 in 120 for 5).
    g = perf.growth(local_sort, lambda n: perf.values([(i * 37 + 11) % n for i in range(n)], counter), [16, 32, 64, 128], cost=(counter, lambda c: c.comparisons), check=lambda items, out: perf.unwrap(out, strict=True) == sorted(perf.unwrap(items)))
    perf.assert_growth_at_most(g, "n log n")
"""
FORGED_SOLUTION = """
class Spy:
    def __init__(self):
        self.got = None
    def __eq__(self, other):
        self.got = other
        return False
    __hash__ = object.__hash__

def spy_value(c):
    spy = Spy()
    c == spy
    return spy.got

def local_sort(items):
    read = {read}
    keyed = [(read(c), i, c) for i, c in enumerate(items)]  # one read each, then no counted op
    n = len(keyed)
    for i in range(n):  # a bubble sort on the values read, in the learner's own process
        for j in range(n - 1 - i):
            if keyed[j + 1][:2] < keyed[j][:2]:
                keyed[j], keyed[j + 1] = keyed[j + 1], keyed[j]
    return [c for _, _, c in keyed]
"""


class ForgedCountsThroughTheJudgeTest(unittest.TestCase):
    def test_no_way_to_read_the_value_without_counted_comparisons(self):
        for name, read in FORGED_SORTS.items():
            with self.subTest(channel=name):
                test = run_judge(PERF_TESTS, FORGED_SOLUTION.replace("{read}", read))["tests"][0]
                self.assertNotEqual(test["status"], "pass", test)

    def test_an_honest_sort_passes_through_the_judge(self):
        test = run_judge(PERF_TESTS, """
            def local_sort(items):
                if len(items) <= 1:
                    return list(items)
                left, right = local_sort(items[: len(items) // 2]), local_sort(items[len(items) // 2 :])
                out = []
                while left and right:
                    out.append(left.pop(0) if left[0] <= right[0] else right.pop(0))
                return out + left + right
        """)["tests"][0]
        self.assertEqual(test["status"], "pass", test)
        self.assertEqual(test["performance"]["growth"][0]["source"], "judge")


class GrowthChecksTheAnswersTest(unittest.TestCase):
    def test_a_wrong_answer_on_counted_values_fails_the_growth_test(self):
        # Code that does nothing when handed counted values makes no comparison at all.
        tests = PERF_TESTS.replace(
            "cost=(counter, lambda c: c.comparisons))",
            "cost=(counter, lambda c: c.comparisons), check=lambda items, out: perf.unwrap(out, strict=True) == sorted(perf.unwrap(items)))",
        ).replace("    assert local_sort(perf.values(data, counter)) == perf.values(sorted(data), counter)\n", "")
        for body in (
            "return list(items)",  # nothing done
            "items[:] = sorted(range(len(items)))\n    return []",  # the input changed, nothing returned
            "class Liar:\n        def __eq__(self, other): return True\n    return [Liar() for _ in items]",
        ):
            with self.subTest(body=body.splitlines()[0]):
                test = run_judge(tests, f"def local_sort(items):\n    {body}\n")["tests"][0]
                self.assertEqual(test["status"], "fail", test)
                self.assertTrue("gave a wrong answer for n = 16" in test["message"] or "expected the values the test gave" in test["message"], test["message"])

    def test_check_needs_judge_side_counts(self):
        with self.assertRaisesRegex(ValueError, "check= needs a Counter"):
            perf.growth(sorted, lambda n: list(range(n)), [1, 2, 3], check=lambda i, o: True)


class MemoryAndProfileTest(unittest.TestCase):
    def test_peak_memory_tells_streaming_from_loading(self):
        def load(n):
            return sum([i for i in range(n)])

        def stream(n):
            return sum(i for i in range(n))

        loaded = perf_host.peak_memory(load, (100_000,))
        streamed = perf_host.peak_memory(stream, (100_000,))
        self.assertEqual(loaded["value"], streamed["value"])
        self.assertGreater(loaded["peak_bytes"], 500_000)
        self.assertLess(streamed["peak_bytes"], 20_000)

    def test_profile_names_the_hot_function(self):
        def hot(n):
            return sum(i * i for i in range(n))

        def caller():
            return hot(50_000) + hot(50_000)

        answer = perf_host.profile(os.path.dirname(__file__), caller, ())
        names = [r["function"] for r in answer["rows"]]
        self.assertTrue(any("hot" in name or "genexpr" in name for name in names[:3]), names)
        hot_row = next(r for r in answer["rows"] if r["function"].endswith("hot"))
        self.assertEqual(hot_row["calls"], 2)
        self.assertTrue(hot_row["mine"])


def _fib(n):
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a


def _merge_sort_comparisons(n):
    count = [0]

    def merge_sort(xs):
        if len(xs) <= 1:
            return xs
        mid = len(xs) // 2
        left, right = merge_sort(xs[:mid]), merge_sort(xs[mid:])
        out = []
        i = j = 0
        while i < len(left) and j < len(right):
            count[0] += 1
            if left[i] <= right[j]:
                out.append(left[i])
                i += 1
            else:
                out.append(right[j])
                j += 1
        return out + left[i:] + right[j:]

    merge_sort([(i * 7919) % n for i in range(n)])
    return count[0]


def _insertion_sort_comparisons(n):
    xs = list(range(n, 0, -1))
    count = 0
    for i in range(1, n):
        j = i
        while j > 0:
            count += 1
            if xs[j - 1] <= xs[j]:
                break
            xs[j - 1], xs[j] = xs[j], xs[j - 1]
            j -= 1
    return count


def _binary_search_steps(n):
    lo, hi, steps = 0, n - 1, 0
    while lo <= hi:
        steps += 1
        mid = (lo + hi) // 2
        if mid < n - 1:
            lo = mid + 1
        else:
            hi = mid - 1
    return steps


if __name__ == "__main__":
    unittest.main()
