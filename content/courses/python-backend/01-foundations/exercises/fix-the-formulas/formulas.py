# Work out each value by hand first, then check yourself in a Python shell.
# Write the value itself (3.0, not "3.0" and not the expression): its type counts too.
PREDICTIONS = {
    "1 + 2**3 / 4 * 5": None,
    "10 - 4 - 3": None,
    "2 ** 3 ** 2": None,
    "-3 ** 2": None,
    "7 // 2 * 2": None,
    "1 + 6 / 2": None,
    "17 % 5 * 2": None,
    "3 > 2 > 1": None,
    "not 1 + 1 == 2": None,
}


def average(a, b):
    return a + b / 2


def fahrenheit(celsius):
    return celsius * (9 / 5 + 32)


def order_total(price, quantity, shipping):
    return price * quantity + shipping * 1.2


def negative_square(x):
    return (-x) ** 2


def is_teen(age):
    return age >= 13 or age <= 19
