import unittest

from leap_year import is_leap_year


class LeapYearTest(unittest.TestCase):
    def test_an_ordinary_year_is_not_leap(self):
        self.assertIs(is_leap_year(2023), False)

    def test_an_odd_year_is_not_leap(self):
        self.assertIs(is_leap_year(1997), False)

    def test_a_year_divisible_by_2_but_not_4_is_not_leap(self):
        self.assertIs(is_leap_year(2022), False, msg="2022 is even, but not divisible by 4")

    def test_a_year_divisible_by_4_is_leap(self):
        self.assertIs(is_leap_year(2024), True)

    def test_another_year_divisible_by_4_is_leap(self):
        self.assertIs(is_leap_year(1996), True)

    def test_a_century_is_not_leap(self):
        self.assertIs(is_leap_year(1900), False, msg="1900 is divisible by 100 but not by 400")

    def test_another_century_is_not_leap(self):
        self.assertIs(is_leap_year(2100), False, msg="2100 is divisible by 100 but not by 400")

    def test_a_year_divisible_by_400_is_leap(self):
        self.assertIs(is_leap_year(2000), True, msg="2000 is divisible by 400")

    def test_a_later_year_divisible_by_400_is_leap(self):
        self.assertIs(is_leap_year(2400), True, msg="2400 is divisible by 400")

    def test_a_year_divisible_by_200_but_not_400_is_not_leap(self):
        self.assertIs(is_leap_year(1800), False, msg="1800 is divisible by 200 but not by 400")

    def test_the_first_year_is_not_leap(self):
        self.assertIs(is_leap_year(1), False)

    def test_year_four_is_leap(self):
        self.assertIs(is_leap_year(4), True)

    def test_year_zero_is_rejected(self):
        with self.assertRaises(ValueError):
            is_leap_year(0)

    def test_a_negative_year_is_rejected(self):
        with self.assertRaises(ValueError):
            is_leap_year(-4)


if __name__ == "__main__":
    unittest.main()
