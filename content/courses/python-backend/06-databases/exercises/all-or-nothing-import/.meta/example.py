import csv
import io
import sqlite3


class ImportFailed(Exception):
    """A line of the file could not be imported; nothing of the file was."""


def import_members(conn, csv_text, club):
    """Imports every member of the CSV file (header: email,name) into `club`, all or nothing;
    returns how many were imported."""
    reader = csv.DictReader(io.StringIO(csv_text))
    count = 0
    with conn:  # one transaction: an exception rolls back every line of this file
        for line, row in enumerate(reader, start=2):
            try:
                conn.execute(
                    "INSERT INTO members (email, name, club) VALUES (?, ?, ?)",
                    (row.get("email"), row.get("name"), club),
                )
            except sqlite3.IntegrityError as exc:
                raise ImportFailed(f"line {line}: {exc}") from exc
            count += 1
    return count
