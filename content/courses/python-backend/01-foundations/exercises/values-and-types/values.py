def type_name(value):
    """The name of value's type, such as "int" or "str"."""
    raise NotImplementedError("use type() to find the type")


def split_bill(total_cents, people):
    """(share, left_over): whole cents per person, and the cents that can't be split."""
    raise NotImplementedError("which division gives whole numbers?")


def to_clock(minutes):
    """Minutes as "H:MM", for example 125 -> "2:05"."""
    raise NotImplementedError("hours, then the minutes that are left")


def average(values):
    """The mean of values as a float, or None for an empty list."""
    raise NotImplementedError("sum, count, divide")
