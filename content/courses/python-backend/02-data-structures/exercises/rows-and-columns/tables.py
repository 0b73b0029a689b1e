def to_columns(rows, fields):
    """{field: [each row's value of field, None if missing]} for each field in fields."""
    raise NotImplementedError("a dict comprehension whose values are list comprehensions")


def to_rows(columns):
    """One dict per position of the equally long lists in `columns`."""
    raise NotImplementedError("a list comprehension over zip(...)")


def compact(record):
    """A copy of record without the fields whose value is None or ""."""
    raise NotImplementedError("a dict comprehension with a condition")


def index_by(rows, field):
    """{row[field]: row} for the rows that have field; later rows win."""
    raise NotImplementedError("a dict comprehension with a condition")


def seat_labels(rows, seats):
    """[["A1", "A2", ...], ["B1", ...], ...]: one list per row letter, seats numbered from 1."""
    raise NotImplementedError("a list comprehension inside a list comprehension")
