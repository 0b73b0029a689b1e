import unittest

from tables import compact, index_by, seat_labels, to_columns, to_rows

ROWS = [
    {"day": "mon", "visits": 120, "signups": 4},
    {"day": "tue", "visits": 98},
]

WEEK = [
    {"day": "mon", "visits": 120, "signups": 4},
    {"day": "tue", "visits": 98},
    {"day": "wed", "visits": 0, "signups": 0},
    {"visits": 15},
]


class ToColumnsTest(unittest.TestCase):
    def test_the_example(self):
        self.assertEqual(to_columns(ROWS, ["day", "signups"]), {"day": ["mon", "tue"], "signups": [4, None]})

    def test_missing_fields_become_none(self):
        self.assertEqual(
            to_columns(WEEK, ["day", "visits", "signups"]),
            {
                "day": ["mon", "tue", "wed", None],
                "visits": [120, 98, 0, 15],
                "signups": [4, None, 0, None],
            },
        )

    def test_only_the_fields_asked_for(self):
        self.assertEqual(to_columns(WEEK, ["visits"]), {"visits": [120, 98, 0, 15]})

    def test_a_field_nobody_has(self):
        self.assertEqual(to_columns(ROWS, ["country"]), {"country": [None, None]})

    def test_no_rows(self):
        self.assertEqual(to_columns([], ["day", "visits"]), {"day": [], "visits": []})

    def test_no_fields(self):
        self.assertEqual(to_columns(ROWS, []), {})


class ToRowsTest(unittest.TestCase):
    def test_the_example(self):
        self.assertEqual(
            to_rows({"day": ["mon", "tue"], "visits": [120, 98]}),
            [{"day": "mon", "visits": 120}, {"day": "tue", "visits": 98}],
        )

    def test_three_columns(self):
        columns = {"sku": ["a", "b", "c"], "price": [1.5, 2.0, 0.25], "stock": [0, 7, 3]}
        self.assertEqual(
            to_rows(columns),
            [
                {"sku": "a", "price": 1.5, "stock": 0},
                {"sku": "b", "price": 2.0, "stock": 7},
                {"sku": "c", "price": 0.25, "stock": 3},
            ],
        )

    def test_one_column(self):
        self.assertEqual(to_rows({"id": [7, 8]}), [{"id": 7}, {"id": 8}])

    def test_no_columns(self):
        self.assertEqual(to_rows({}), [])

    def test_empty_columns(self):
        self.assertEqual(to_rows({"day": [], "visits": []}), [])

    def test_there_and_back(self):
        fields = ["day", "visits", "signups"]
        full_rows = [{"day": "mon", "visits": 1, "signups": 0}, {"day": "tue", "visits": 2, "signups": 1}]
        self.assertEqual(to_rows(to_columns(full_rows, fields)), full_rows)


class CompactTest(unittest.TestCase):
    def test_the_example(self):
        record = {"name": "Ada", "phone": None, "nick": "", "age": 0, "admin": False}
        self.assertEqual(compact(record), {"name": "Ada", "age": 0, "admin": False})

    def test_zero_false_and_empty_containers_are_kept(self):
        record = {"score": 0, "price": 0.0, "active": False, "tags": [], "meta": {}}
        self.assertEqual(
            compact(record), record,
            "0, 0.0, False, [] and {} are real values: keep them, drop only None and \"\" (`if value` drops them all)",
        )

    def test_blank_but_not_empty_strings_are_kept(self):
        self.assertEqual(compact({"sep": " ", "note": "", "zero": "0"}), {"sep": " ", "zero": "0"})

    def test_everything_missing(self):
        self.assertEqual(compact({"a": None, "b": ""}), {})

    def test_an_empty_record(self):
        self.assertEqual(compact({}), {})

    def test_the_record_given_is_left_alone(self):
        record = {"name": "Ada", "phone": None, "nick": "", "age": 0}
        result = compact(record)
        self.assertEqual(
            record, {"name": "Ada", "phone": None, "nick": "", "age": 0},
            "compact must not change the record it was given: the caller may still need the fields"
            " you drop (build a new dict, e.g. with a comprehension, instead of deleting keys)",
        )
        self.assertIsNot(
            result, record,
            "compact returns a new dict, not the record it was given: a caller who changes the"
            " result would otherwise change the original too",
        )

    def test_a_new_dict_even_when_nothing_is_dropped(self):
        record = {"name": "Ada"}
        result = compact(record)
        self.assertEqual(result, {"name": "Ada"})
        self.assertIsNot(result, record, "compact returns a new dict even when no field was dropped")


class IndexByTest(unittest.TestCase):
    def test_the_example(self):
        self.assertEqual(
            index_by(ROWS, "day"),
            {"mon": {"day": "mon", "visits": 120, "signups": 4}, "tue": {"day": "tue", "visits": 98}},
        )

    def test_rows_without_the_field_are_left_out(self):
        self.assertEqual(
            index_by(WEEK, "signups"),
            {4: {"day": "mon", "visits": 120, "signups": 4}, 0: {"day": "wed", "visits": 0, "signups": 0}},
        )

    def test_the_later_row_wins(self):
        users = [{"email": "a@x.io", "plan": "free"}, {"email": "b@x.io"}, {"email": "a@x.io", "plan": "pro"}]
        self.assertEqual(
            index_by(users, "email"),
            {"a@x.io": {"email": "a@x.io", "plan": "pro"}, "b@x.io": {"email": "b@x.io"}},
        )

    def test_no_rows(self):
        self.assertEqual(index_by([], "id"), {})


class SeatLabelsTest(unittest.TestCase):
    def test_the_example(self):
        self.assertEqual(seat_labels("AB", 3), [["A1", "A2", "A3"], ["B1", "B2", "B3"]])

    def test_one_row(self):
        self.assertEqual(seat_labels("K", 2), [["K1", "K2"]])

    def test_numbers_go_past_nine(self):
        labels = seat_labels("XY", 12)
        self.assertEqual(labels[1][9:], ["Y10", "Y11", "Y12"])
        self.assertEqual([len(row) for row in labels], [12, 12])

    def test_no_rows(self):
        self.assertEqual(seat_labels("", 5), [])

    def test_no_seats(self):
        self.assertEqual(seat_labels("AB", 0), [[], []])

    def test_three_rows_of_two(self):
        labels = seat_labels("ABC", 2)
        self.assertEqual(labels, [["A1", "A2"], ["B1", "B2"], ["C1", "C2"]])
