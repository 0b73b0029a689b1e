"""Functions for a weather station's display."""


def celsius_to_fahrenheit(celsius):
    """Convert a temperature from degrees Celsius to degrees Fahrenheit.

    :param celsius: int or float - temperature in °C.
    :return: float - the same temperature in °F.
    """
    raise NotImplementedError("Task 1: implement celsius_to_fahrenheit().")


def fahrenheit_to_celsius(fahrenheit):
    """Convert a temperature from degrees Fahrenheit to degrees Celsius.

    :param fahrenheit: int or float - temperature in °F.
    :return: float - the same temperature in °C.
    """
    raise NotImplementedError("Task 2: implement fahrenheit_to_celsius().")


def classify(celsius):
    """Label a temperature as "freezing", "cold", "mild" or "hot".

    :param celsius: int or float - temperature in °C.
    :return: str - the label for that temperature.
    """
    raise NotImplementedError("Task 3: implement classify().")
