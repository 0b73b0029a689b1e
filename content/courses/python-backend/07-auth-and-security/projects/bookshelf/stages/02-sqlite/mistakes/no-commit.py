"""Where books and members live: SQLite, through one connection per app.

Rows are read as tuples (the connection may not be ours to configure), and turned into dicts
with the column names listed here.
"""

import sqlite3

from .migrations import migrate

COLUMNS = {
    "books": ("id", "title", "author", "year", "copies", "isbn"),
    "members": ("id", "name", "email"),
}


class Conflict(Exception):
    """A write that breaks a uniqueness rule (the same ISBN twice)."""


def connect(db_path):
    # One connection serves every request (they take turns, see app.py), whichever thread
    # the server runs them on.
    connection = sqlite3.connect(db_path, check_same_thread=False)
    connection.execute("PRAGMA foreign_keys = ON")
    return connection


class Table:
    """Records of one table, as dicts. The table and column names come from COLUMNS, never
    from a request, so building the SQL text from them is safe; values are always parameters."""

    def __init__(self, connection, name):
        self.connection = connection
        self.name = name
        self.columns = COLUMNS[name]
        self.select = f"SELECT {', '.join(self.columns)} FROM {name}"

    def record(self, row):
        return dict(zip(self.columns, row))

    def all(self):
        return [self.record(row) for row in self.connection.execute(f"{self.select} ORDER BY id")]

    def get(self, record_id):
        row = self.connection.execute(f"{self.select} WHERE id = ?", (record_id,)).fetchone()
        return self.record(row) if row is not None else None

    def create(self, fields):
        names = list(fields)
        sql = f"INSERT INTO {self.name} ({', '.join(names)}) VALUES ({', '.join('?' for _ in names)})"
        with self.writing():
            record_id = self.connection.execute(sql, [fields[n] for n in names]).lastrowid
        return self.get(record_id)

    def update(self, record_id, fields):
        if fields:
            assignments = ", ".join(f"{name} = ?" for name in fields)
            with self.writing():
                self.connection.execute(
                    f"UPDATE {self.name} SET {assignments} WHERE id = ?", [*fields.values(), record_id]
                )
        return self.get(record_id)

    def delete(self, record_id):
        with self.writing():
            deleted = self.connection.execute(f"DELETE FROM {self.name} WHERE id = ?", (record_id,)).rowcount
        return deleted > 0

    def writing(self):
        return Writing(self.connection)


class Writing:
    """`with connection:` commits or rolls back; this also turns a broken UNIQUE rule into a
    Conflict the app answers with 409."""

    def __init__(self, connection):
        self.connection = connection

    def __enter__(self):
        return self.connection

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            return False  # the write stays in an open transaction
        self.connection.rollback()
        if issubclass(exc_type, sqlite3.IntegrityError) and "books.isbn" in str(exc):
            raise Conflict("another book already has this isbn") from None
        return False


class Store:
    def __init__(self, connection):
        self.connection = connection
        migrate(connection)
        self.books = Table(connection, "books")
        self.members = Table(connection, "members")
