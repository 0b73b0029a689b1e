import csv
import sqlite3


class ImportFailed(Exception):
    pass


def import_members(conn, csv_text, club):
    lines = csv_text.splitlines()
    rows = list(csv.reader(lines[1:]))
    values = [(r[0] if len(r) > 0 else None, r[1] if len(r) > 1 else None, club) for r in rows if r]
    numbers = [n for n, r in enumerate(rows, start=2) if r]
    conn.execute("SAVEPOINT import_file")
    try:
        for number, value in zip(numbers, values):
            try:
                conn.execute("INSERT INTO members (email, name, club) VALUES (?, ?, ?)", value)
            except sqlite3.IntegrityError as exc:
                raise ImportFailed("line %d: %s" % (number, exc))
    except ImportFailed:
        conn.execute("ROLLBACK TO import_file")
        conn.execute("RELEASE import_file")
        conn.commit()
        raise
    conn.execute("RELEASE import_file")
    conn.commit()
    return len(values)
