# Work out each value by hand first, then check yourself in a Python shell.
# Write the value itself (3.0, not "3.0" and not the expression): its type counts too.
PREDICTIONS = {
    "1 + 2**3 / 4 * 5": 11.0,  # 2**3 = 8; 8 / 4 = 2.0; 2.0 * 5 = 10.0; 1 + 10.0 = 11.0
    "10 - 4 - 3": 3,  # left to right: (10 - 4) - 3
    "2 ** 3 ** 2": 512,  # right to left: 2 ** (3 ** 2) = 2 ** 9
    "-3 ** 2": -9,  # -(3 ** 2)
    "7 // 2 * 2": 6,  # (7 // 2) * 2 = 3 * 2
    "1 + 6 / 2": 4.0,  # / gives a float
    "17 % 5 * 2": 4,  # (17 % 5) * 2 = 2 * 2
    "3 > 2 > 1": True,  # chained: 3 > 2 and 2 > 1
    "not 1 + 1 == 2": False,  # not ((1 + 1) == 2)
}


def average(a, b):
    return (a + b) / 2


def fahrenheit(celsius):
    return celsius * 9 / 5 + 32


def order_total(price, quantity, shipping):
    return (price * quantity + shipping) * 1.2


def negative_square(x):
    return -x ** 2


def is_teen(age):
    return 13 <= age < 19
