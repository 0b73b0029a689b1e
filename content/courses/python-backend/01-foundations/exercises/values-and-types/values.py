def type_name(value):
    """The name of value's type, such as "int" or "str"."""
    raise NotImplementedError("use type() to find the type")


def is_whole(value):
    """True for ints and whole floats (3.0); False for bools, other floats and non-numbers."""
    raise NotImplementedError("check the exact type first")


def to_clock(minutes):
    """Minutes as "H:MM", for example 125 -> "2:05"."""
    raise NotImplementedError("hours, then the minutes that are left")


def average(values):
    """The mean of values as a float, or None for an empty list."""
    raise NotImplementedError("sum, count, divide")
