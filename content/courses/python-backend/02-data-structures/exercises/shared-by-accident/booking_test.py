import unittest

import booking
from booking import event_settings, seat_map

ORIGINAL_DEFAULTS = {
    "pricing": {"currency": "EUR", "base": 40},
    "limits": {"per_order": 6},
    "tags": ["concert"],
}


class EventSettingsTest(unittest.TestCase):
    def test_no_overrides_gives_the_defaults(self):
        self.assertEqual(event_settings({}), ORIGINAL_DEFAULTS)

    def test_an_override_changes_only_the_keys_it_names(self):
        result = event_settings({"pricing": {"base": 55}})
        self.assertEqual(result["pricing"], {"currency": "EUR", "base": 55})
        self.assertEqual(result["limits"], {"per_order": 6})

    def test_tags_are_added_at_the_end(self):
        self.assertEqual(event_settings({}, tags=["vip", "outdoor"])["tags"], ["concert", "vip", "outdoor"])

    def test_a_new_section_is_added(self):
        result = event_settings({"venue": {"city": "Lyon"}})
        self.assertEqual(result["venue"], {"city": "Lyon"})

    def test_the_defaults_do_not_change(self):
        event_settings({"pricing": {"currency": "GBP"}, "limits": {"per_order": 2}}, tags=["vip"])
        self.assertEqual(booking.DEFAULTS, ORIGINAL_DEFAULTS, "event_settings() changed DEFAULTS")

    def test_one_event_does_not_leak_into_the_next(self):
        first = event_settings({"pricing": {"currency": "GBP"}}, tags=["vip"])
        second = event_settings({})
        self.assertEqual(first["pricing"]["currency"], "GBP")
        self.assertEqual(second, ORIGINAL_DEFAULTS, "the second event got settings of the first one")

    def test_many_events_in_a_row(self):
        for number in range(3):
            with self.subTest(event=number):
                result = event_settings({"limits": {"per_order": number}}, tags=[f"tour-{number}"])
                self.assertEqual(result["limits"], {"per_order": number})
                self.assertEqual(result["tags"], ["concert", f"tour-{number}"])


class SeatMapTest(unittest.TestCase):
    def test_an_empty_map(self):
        self.assertEqual(seat_map(2, 3, []), [[None, None, None], [None, None, None]])

    def test_one_booking_fills_one_seat(self):
        self.assertEqual(
            seat_map(3, 2, [(0, 1, "ada")]),
            [[None, "ada"], [None, None], [None, None]],
            "one booking filled that seat in every row: are all the rows one and the same list?",
        )

    def test_bookings_in_different_rows(self):
        bookings = [(0, 0, "ada"), (1, 1, "bo"), (2, 0, "cy")]
        self.assertEqual(seat_map(3, 2, bookings), [["ada", None], [None, "bo"], ["cy", None]])

    def test_the_last_row(self):
        self.assertEqual(seat_map(2, 2, [(1, 0, "zoe")]), [[None, None], ["zoe", None]])
