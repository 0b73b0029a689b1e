PRECEDENCE_ANSWER = 11.0  # 2**3 = 8; 8 / 4 = 2.0; 2.0 * 5 = 10.0; 1 + 10.0 = 11.0


def average(a, b):
    return (a + b) / 2


def fahrenheit(celsius):
    return celsius * 9 / 5 + 32


def order_total(price, quantity, shipping):
    return (price * quantity + shipping) * 1.2


def negative_square(x):
    return -x ** 2


def is_teen(age):
    return 13 <= age <= 19
