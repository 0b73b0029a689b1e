import unittest

import pytest

from temperature import celsius_to_fahrenheit, classify, fahrenheit_to_celsius


class TemperatureTest(unittest.TestCase):
    @pytest.mark.task(taskno=1)
    def test_boiling_point_in_fahrenheit(self):
        self.assertAlmostEqual(celsius_to_fahrenheit(100), 212.0)

    @pytest.mark.task(taskno=1)
    def test_freezing_point_in_fahrenheit(self):
        self.assertAlmostEqual(celsius_to_fahrenheit(0), 32.0)

    @pytest.mark.task(taskno=1)
    def test_minus_forty_is_the_same_on_both_scales(self):
        self.assertAlmostEqual(celsius_to_fahrenheit(-40), -40.0)

    @pytest.mark.task(taskno=1)
    def test_body_temperature_keeps_its_fraction(self):
        self.assertAlmostEqual(
            celsius_to_fahrenheit(37),
            98.6,
            msg="37 °C is 98.6 °F: use / rather than // so the fraction is kept",
        )

    @pytest.mark.task(taskno=2)
    def test_boiling_point_in_celsius(self):
        self.assertAlmostEqual(fahrenheit_to_celsius(212), 100.0)

    @pytest.mark.task(taskno=2)
    def test_freezing_point_in_celsius(self):
        self.assertAlmostEqual(
            fahrenheit_to_celsius(32),
            0.0,
            msg="32 °F is 0 °C: subtract 32 before multiplying by 5/9",
        )

    @pytest.mark.task(taskno=2)
    def test_a_fractional_fahrenheit_reading(self):
        self.assertAlmostEqual(fahrenheit_to_celsius(98.6), 37.0)

    @pytest.mark.task(taskno=2)
    def test_converting_there_and_back_gives_the_start(self):
        self.assertAlmostEqual(fahrenheit_to_celsius(celsius_to_fahrenheit(21.5)), 21.5)

    @pytest.mark.task(taskno=3)
    def test_labels_on_and_around_every_boundary(self):
        cases = [
            (-12, "freezing"),
            (0, "freezing"),
            (0.1, "cold"),
            (14.9, "cold"),
            (15, "mild"),
            (24.9, "mild"),
            (25, "hot"),
            (41.5, "hot"),
        ]
        for celsius, expected in cases:
            with self.subTest(celsius=celsius):
                self.assertEqual(
                    classify(celsius),
                    expected,
                    msg=f"classify({celsius!r}) should be {expected!r}",
                )

    @pytest.mark.task(taskno=3)
    def test_a_typical_spring_day_is_mild(self):
        self.assertEqual(classify(18), "mild")
