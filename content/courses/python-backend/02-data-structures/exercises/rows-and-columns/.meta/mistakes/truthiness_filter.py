def to_columns(rows, fields):
    """{field: [each row's value of field, None if missing]} for each field in fields."""
    return {field: [row.get(field) for row in rows] for field in fields}


def to_rows(columns):
    """One dict per position of the equally long lists in `columns`."""
    return [dict(zip(columns, values)) for values in zip(*columns.values())]


def compact(record):
    """A copy of record without the fields whose value is None or ""."""
    return {key: value for key, value in record.items() if value}


def index_by(rows, field):
    """{row[field]: row} for the rows that have field; later rows win."""
    return {row[field]: row for row in rows if field in row}


def seat_labels(rows, seats):
    """[["A1", "A2", ...], ["B1", ...], ...]: one list per row letter, seats numbered from 1."""
    return [[f"{row}{number}" for number in range(1, seats + 1)] for row in rows]
