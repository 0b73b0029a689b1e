"""Functions for a weather station's display."""


def celsius_to_fahrenheit(celsius):
    """Convert a temperature from degrees Celsius to degrees Fahrenheit.

    :param celsius: int or float - temperature in °C.
    :return: float - the same temperature in °F.
    """
    return celsius * 9 / 5 + 32


def fahrenheit_to_celsius(fahrenheit):
    """Convert a temperature from degrees Fahrenheit to degrees Celsius.

    :param fahrenheit: int or float - temperature in °F.
    :return: float - the same temperature in °C.
    """
    return (fahrenheit - 32) * 5 / 9


def classify(celsius):
    """Label a temperature as "freezing", "cold", "mild" or "hot".

    :param celsius: int or float - temperature in °C.
    :return: str - the label for that temperature.
    """
    if celsius < 0:
        return "freezing"
    if celsius < 15:
        return "cold"
    if celsius < 25:
        return "mild"
    return "hot"
