def type_name(value):
    """The name of value's type, such as "int" or "str"."""
    return type(value).__name__


def split_bill(total_cents, people):
    """(share, left_over): whole cents per person, and the cents that can't be split."""
    return total_cents // people, total_cents % people


def to_clock(minutes):
    """Minutes as "H:MM", for example 125 -> "2:05"."""
    return f"{minutes // 60}:{minutes % 60:02}"


def average(values):
    """The mean of values as a float, or None for an empty list."""
    if not values:
        return None
    return sum(values) / len(values)
