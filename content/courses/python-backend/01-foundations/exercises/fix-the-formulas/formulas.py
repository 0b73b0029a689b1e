PRECEDENCE_ANSWER = None  # the value of 1 + 2**3 / 4 * 5, worked out by hand


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
