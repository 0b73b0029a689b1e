import unittest

from durations import parse_duration


class ValidDurationsTest(unittest.TestCase):
    def test_single_units(self):
        self.assertEqual(parse_duration("90s"), 90)
        self.assertEqual(parse_duration("15m"), 900)
        self.assertEqual(parse_duration("2h"), 7200)

    def test_combined_units(self):
        self.assertEqual(parse_duration("1h30m"), 5400)
        self.assertEqual(parse_duration("1h30m15s"), 5415)
        self.assertEqual(parse_duration("2h5s"), 7205)

    def test_zero_is_a_duration(self):
        self.assertEqual(parse_duration("0s"), 0)

    def test_spaces_around_are_ignored(self):
        self.assertEqual(parse_duration("  10m\n"), 600)
        self.assertEqual(parse_duration(" 45s "), 45)
