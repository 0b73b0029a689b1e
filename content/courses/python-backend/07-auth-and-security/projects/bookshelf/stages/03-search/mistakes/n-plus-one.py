"""Where books and members live: SQLite, through one connection per app.

Rows are read as tuples (the connection may not be ours to configure), and turned into dicts
with the column names listed here. Table and column names come from this module, never from a
request, so building SQL text from them is safe; values are always parameters.
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


class Writing:
    """Commits the block's writes or rolls them all back; a broken UNIQUE rule on the ISBN
    becomes a Conflict the app answers with 409."""

    def __init__(self, connection):
        self.connection = connection

    def __enter__(self):
        return self.connection

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            self.connection.commit()
            return False
        self.connection.rollback()
        if issubclass(exc_type, sqlite3.IntegrityError) and "books.isbn" in str(exc):
            raise Conflict("another book already has this isbn") from None
        return False


class Table:
    """Records of one table, as dicts."""

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
        with Writing(self.connection):
            record_id = self._insert(fields)
        return self.get(record_id)

    def update(self, record_id, fields):
        with Writing(self.connection):
            self._update(record_id, fields)
        return self.get(record_id)

    def delete(self, record_id):
        with Writing(self.connection):
            deleted = self.connection.execute(f"DELETE FROM {self.name} WHERE id = ?", (record_id,)).rowcount
        return deleted > 0

    def _insert(self, fields):
        names = list(fields)
        sql = f"INSERT INTO {self.name} ({', '.join(names)}) VALUES ({', '.join('?' for _ in names)})"
        return self.connection.execute(sql, [fields[n] for n in names]).lastrowid

    def _update(self, record_id, fields):
        if fields:
            assignments = ", ".join(f"{name} = ?" for name in fields)
            self.connection.execute(f"UPDATE {self.name} SET {assignments} WHERE id = ?", [*fields.values(), record_id])


class Books(Table):
    """Books with their tags (kept in book_tags). Whatever the number of books, a page costs
    two SELECTs: one for the books, one for all their tags."""

    def __init__(self, connection):
        super().__init__(connection, "books")

    def with_tags(self, books):
        if not books:
            return books
        for book in books:
            rows = self.connection.execute("SELECT tag FROM book_tags WHERE book_id = ? ORDER BY tag", (book["id"],))
            book["tags"] = [tag for (tag,) in rows]
        return books

    def get(self, record_id):
        book = super().get(record_id)
        return self.with_tags([book])[0] if book is not None else None

    def search(self, author=None, q=None, tag=None, after=0, limit=20):
        """One page of books with an id above `after`, in id order, and whether more follow."""
        conditions, params = ["id > ?"], [after]
        if author:
            conditions.append("author = ? COLLATE NOCASE")
            params.append(author)
        if q:
            # instr(), not LIKE: a % or _ in what the user typed is just a character.
            conditions.append("instr(lower(title), lower(?)) > 0")
            params.append(q)
        if tag:
            conditions.append("id IN (SELECT book_id FROM book_tags WHERE tag = ?)")
            params.append(tag)
        sql = f"{self.select} WHERE {' AND '.join(conditions)} ORDER BY id LIMIT ?"
        books = [self.record(row) for row in self.connection.execute(sql, [*params, limit + 1])]
        return self.with_tags(books[:limit]), len(books) > limit

    def create(self, fields):
        fields = dict(fields)
        tags = fields.pop("tags", [])
        with Writing(self.connection):
            book_id = self._insert(fields)
            self._set_tags(book_id, tags)
        return self.get(book_id)

    def update(self, record_id, fields):
        fields = dict(fields)
        tags = fields.pop("tags", None)
        with Writing(self.connection):
            self._update(record_id, fields)
            if tags is not None:
                self._set_tags(record_id, tags)
        return self.get(record_id)

    def delete(self, record_id):
        with Writing(self.connection):
            self.connection.execute("DELETE FROM book_tags WHERE book_id = ?", (record_id,))
            deleted = self.connection.execute("DELETE FROM books WHERE id = ?", (record_id,)).rowcount
        return deleted > 0

    def _set_tags(self, book_id, tags):
        self.connection.execute("DELETE FROM book_tags WHERE book_id = ?", (book_id,))
        self.connection.executemany("INSERT INTO book_tags (book_id, tag) VALUES (?, ?)", [(book_id, t) for t in tags])


class Store:
    def __init__(self, connection):
        self.connection = connection
        migrate(connection)
        self.books = Books(connection)
        self.members = Table(connection, "members")
