import unittest

from importer import import_rows, parse_row


class FakeDatabase:
    """Records what the importer does. save() fails for the name in `fail_on` with `error`."""

    def __init__(self, fail_on=None, error=None):
        self.events = []
        self.fail_on = fail_on
        self.error = error

    def save(self, name, age):
        if name == self.fail_on:
            raise self.error
        self.events.append(f"save {name} {age}")

    def close(self):
        self.events.append("close")


class ParseRowTest(unittest.TestCase):
    def test_good_rows(self):
        cases = {"Ada, 36": ("Ada", 36), "  Bo Li ,7 ": ("Bo Li", 7), "Cy,0": ("Cy", 0), "Dee,150": ("Dee", 150)}
        for row, expected in cases.items():
            with self.subTest(row=row):
                self.assertEqual(parse_row(row), expected)

    def test_wrong_number_of_fields(self):
        cases = {"Ada": "expected 2 fields, got 1", "Ada, 36, London": "expected 2 fields, got 3", "": "expected 2 fields, got 1"}
        for row, message in cases.items():
            with self.subTest(row=row):
                with self.assertRaises(ValueError) as caught:
                    parse_row(row)
                self.assertEqual(str(caught.exception), message)

    def test_bad_ages(self):
        cases = {"Ada, old": "bad age: 'old'", "Ada, 36.5": "bad age: '36.5'", "Ada, -1": "bad age: '-1'",
                 "Ada, 151": "bad age: '151'", "Ada,": "bad age: ''"}
        for row, message in cases.items():
            with self.subTest(row=row):
                with self.assertRaises(ValueError) as caught:
                    parse_row(row)
                self.assertEqual(str(caught.exception), message)


class ImportRowsTest(unittest.TestCase):
    def test_all_good(self):
        db = FakeDatabase()
        self.assertEqual(import_rows(["Ada, 36", "Bo, 7"], db), {"saved": 2, "errors": []})
        self.assertEqual(db.events, ["save Ada 36", "save Bo 7", "close"])

    def test_bad_rows_are_skipped_and_reported(self):
        db = FakeDatabase()
        result = import_rows(["Ada, 36", "Bo", "Cy, old", "Dee, 7"], db)
        self.assertEqual(result, {"saved": 2, "errors": ["row 2: expected 2 fields, got 1", "row 3: bad age: 'old'"]})
        self.assertEqual(db.events, ["save Ada 36", "save Dee 7", "close"])

    def test_nothing_to_import_still_closes(self):
        db = FakeDatabase()
        self.assertEqual(import_rows([], db), {"saved": 0, "errors": []})
        self.assertEqual(db.events, ["close"])

    def test_a_lost_connection_stops_the_import_and_closes(self):
        db = FakeDatabase(fail_on="Bo", error=ConnectionError("database went away"))
        with self.assertRaises(ConnectionError, msg="a ConnectionError from db.save must reach the caller"):
            import_rows(["Ada, 36", "Bo, 7", "Cy, 20"], db)
        self.assertEqual(db.events, ["save Ada 36", "close"], "stop at the failing save, then close once")

    def test_a_value_error_from_the_database_is_not_a_bad_row(self):
        db = FakeDatabase(fail_on="Bo", error=ValueError("duplicate name 'Bo'"))
        reason = "a ValueError from db.save must reach the caller: only parse_row's errors are bad rows"
        with self.assertRaises(ValueError, msg=reason) as caught:
            import_rows(["Ada, 36", "Bo, 7", "Cy, 20"], db)
        self.assertEqual(str(caught.exception), "duplicate name 'Bo'", reason)
        self.assertEqual(db.events, ["save Ada 36", "close"])

    def test_any_other_error_also_closes(self):
        db = FakeDatabase(fail_on="Ada", error=RuntimeError("disk full"))
        with self.assertRaises(RuntimeError):
            import_rows(["Ada, 36"], db)
        self.assertEqual(db.events, ["close"])
