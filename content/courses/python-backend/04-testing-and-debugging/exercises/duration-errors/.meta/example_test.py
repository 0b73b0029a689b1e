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


class InvalidDurationsTest(unittest.TestCase):
    def test_empty_text(self):
        for text in ["", "   "]:
            with self.subTest(text=text):
                with self.assertRaises(ValueError):
                    parse_duration(text)

    def test_unknown_unit(self):
        with self.assertRaisesRegex(ValueError, "not a duration: '3d'"):
            parse_duration("3d")

    def test_capital_units(self):
        for text in ["1H", "15M", "1H30M"]:
            with self.subTest(text=text):
                with self.assertRaises(ValueError):
                    parse_duration(text)

    def test_the_message_names_the_text(self):
        with self.assertRaisesRegex(ValueError, "not a duration: '90'"):
            parse_duration("90")

    def test_units_out_of_order(self):
        for text in ["30m1h", "5s2m", "1h1h"]:
            with self.subTest(text=text):
                with self.assertRaises(ValueError):
                    parse_duration(text)

    def test_a_number_without_unit(self):
        with self.assertRaises(ValueError):
            parse_duration("90")

    def test_spaces_inside(self):
        with self.assertRaises(ValueError):
            parse_duration("1h 30m")

    def test_not_a_string(self):
        with self.assertRaises(TypeError):
            parse_duration(90)
