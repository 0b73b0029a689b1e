"""Functions for a weather station's display, with a table of labels."""

LABELS = [(0, "freezing"), (15, "cold"), (25, "mild")]


def celsius_to_fahrenheit(celsius):
    """Convert °C to °F."""
    return 32 + 1.8 * celsius


def fahrenheit_to_celsius(fahrenheit):
    """Convert °F to °C."""
    return (fahrenheit - 32) / 1.8


def classify(celsius):
    """Label a temperature as "freezing", "cold", "mild" or "hot"."""
    for limit, label in LABELS:
        if celsius < limit or (label == "freezing" and celsius == limit):
            return label
    return "hot"
