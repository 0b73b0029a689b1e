def type_name(value):
    """The name of value's type, such as "int" or "str"."""
    return type(value).__name__


def is_whole(value):
    """True for ints and whole floats (3.0); False for bools, other floats and non-numbers."""
    if type(value) is int:
        return True
    if type(value) is float:
        return value.is_integer()
    return False


def to_clock(minutes):
    """Minutes as "H:MM", for example 125 -> "2:05"."""
    return f"{minutes // 60}:{minutes % 60:02}"


def average(values):
    """The mean of values as a float, or None for an empty list."""
    if not values:
        return None
    return sum(values) // len(values)
