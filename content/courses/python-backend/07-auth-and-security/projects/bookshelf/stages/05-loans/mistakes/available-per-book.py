"""Where books, members and loans live: SQLite, through one connection per app.

Rows are read as tuples (the connection may not be ours to configure), and turned into dicts
with the column names listed here. Table and column names come from this module, never from a
request, so building SQL text from them is safe; values are always parameters.
"""

import sqlite3
from datetime import datetime, timedelta, timezone

from .migrations import migrate

COLUMNS = {
    "books": ("id", "title", "author", "year", "copies", "isbn"),
    "members": ("id", "name", "email"),
    "loans": ("id", "book_id", "member_id", "borrowed_at", "due_at", "returned_at"),
}
LOAN_DAYS = 14


class Conflict(Exception):
    """The request breaks a rule about the data as it is now: 409."""


class Invalid(Exception):
    """The request names something that doesn't exist (a member id in a body): 422."""


def connect(db_path):
    # One connection serves every request (they take turns, see app.py), whichever thread
    # the server runs them on.
    connection = sqlite3.connect(db_path, check_same_thread=False)
    connection.execute("PRAGMA foreign_keys = ON")
    return connection


class Writing:
    """One transaction: BEGIN IMMEDIATE takes the write lock before the block reads anything,
    so what it checks can't change before it writes. Commits at the end of the block, or rolls
    everything back on any exception: a failure never leaves half of a change behind."""

    def __init__(self, connection):
        self.connection = connection

    def __enter__(self):
        self.connection.execute("BEGIN IMMEDIATE")
        return self.connection

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            self.connection.commit()
            return False
        self.connection.rollback()
        if issubclass(exc_type, sqlite3.IntegrityError) and "books.isbn" in str(exc):
            raise Conflict("another book already has this isbn") from None
        return False


def open_loans(connection, column, value):
    """How many loans not yet returned have `column` (book_id or member_id) = value."""
    sql = f"SELECT COUNT(*) FROM loans WHERE {column} = ? AND returned_at IS NULL"
    return connection.execute(sql, (value,)).fetchone()[0]


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
            self._refuse_open_loans(record_id)
            deleted = self.connection.execute(f"DELETE FROM {self.name} WHERE id = ?", (record_id,)).rowcount
        return deleted > 0

    def _refuse_open_loans(self, record_id):
        column = {"books": "book_id", "members": "member_id"}[self.name]
        if open_loans(self.connection, column, record_id):
            raise Conflict(f"{self.name[:-1]} {record_id} has loans not yet returned")

    def _insert(self, fields):
        names = list(fields)
        sql = f"INSERT INTO {self.name} ({', '.join(names)}) VALUES ({', '.join('?' for _ in names)})"
        return self.connection.execute(sql, [fields[n] for n in names]).lastrowid

    def _update(self, record_id, fields):
        if fields:
            assignments = ", ".join(f"{name} = ?" for name in fields)
            self.connection.execute(f"UPDATE {self.name} SET {assignments} WHERE id = ?", [*fields.values(), record_id])


class Books(Table):
    """Books with their tags (kept in book_tags) and how many copies are on the shelf. Whatever
    the number of books, a page costs two SELECTs: one for the books (availability included, as
    a subquery), one for all their tags."""

    def __init__(self, connection):
        super().__init__(connection, "books")


    def with_tags(self, books):
        if not books:
            return books
        by_id = {book["id"]: book for book in books}
        for book in books:
            book["tags"] = []
            book["available"] = book["copies"] - open_loans(self.connection, "book_id", book["id"])
        placeholders = ", ".join("?" for _ in by_id)
        rows = self.connection.execute(
            f"SELECT book_id, tag FROM book_tags WHERE book_id IN ({placeholders}) ORDER BY tag", list(by_id)
        )
        for book_id, tag in rows:
            by_id[book_id]["tags"].append(tag)
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
            on_loan = open_loans(self.connection, "book_id", record_id)
            if fields.get("copies", on_loan) < on_loan:
                raise Conflict(f"{on_loan} copies of book {record_id} are on loan: copies can't be fewer")
            self._update(record_id, fields)
            if tags is not None:
                self._set_tags(record_id, tags)
        return self.get(record_id)

    def delete(self, record_id):
        with Writing(self.connection):
            self._refuse_open_loans(record_id)
            self.connection.execute("DELETE FROM book_tags WHERE book_id = ?", (record_id,))
            self.connection.execute("DELETE FROM loans WHERE book_id = ?", (record_id,))
            deleted = self.connection.execute("DELETE FROM books WHERE id = ?", (record_id,)).rowcount
        return deleted > 0

    def _set_tags(self, book_id, tags):
        self.connection.execute("DELETE FROM book_tags WHERE book_id = ?", (book_id,))
        self.connection.executemany("INSERT INTO book_tags (book_id, tag) VALUES (?, ?)", [(book_id, t) for t in tags])


class Members(Table):
    def __init__(self, connection):
        super().__init__(connection, "members")

    def delete(self, record_id):
        with Writing(self.connection):
            self._refuse_open_loans(record_id)
            self.connection.execute("DELETE FROM loans WHERE member_id = ?", (record_id,))
            deleted = self.connection.execute("DELETE FROM members WHERE id = ?", (record_id,)).rowcount
        return deleted > 0


def timestamp(seconds):
    return datetime.fromtimestamp(seconds, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


class Loans(Table):
    def __init__(self, connection, clock, limit):
        super().__init__(connection, "loans")
        self.clock = clock
        self.limit = limit

    def of_member(self, member_id):
        rows = self.connection.execute(f"{self.select} WHERE member_id = ? ORDER BY id", (member_id,))
        return [self.record(row) for row in rows]

    def borrow(self, member_id, book_ids):
        """Lends every book of `book_ids` to the member, or none of them: all the checks and all
        the inserts happen in one transaction."""
        now = self.clock()
        borrowed_at, due_at = timestamp(now), timestamp(now + timedelta(days=LOAN_DAYS).total_seconds())
        with Writing(self.connection) as connection:
            if connection.execute("SELECT 1 FROM members WHERE id = ?", (member_id,)).fetchone() is None:
                raise Invalid(f"there is no member {member_id}")
            placeholders = ", ".join("?" for _ in book_ids)
            available = dict(
                connection.execute(
                    f"""SELECT id, copies - (SELECT COUNT(*) FROM loans
                                             WHERE loans.book_id = books.id AND loans.returned_at IS NULL)
                        FROM books WHERE id IN ({placeholders})""",
                    book_ids,
                ).fetchall()
            )
            for book_id in book_ids:
                if book_id not in available:
                    raise Invalid(f"there is no book {book_id}")
            on_loan = open_loans(connection, "member_id", member_id)
            if on_loan + len(book_ids) > self.limit:
                raise Conflict(
                    f"member {member_id} has {on_loan} books on loan; {len(book_ids)} more would pass the limit of {self.limit}"
                )
            for book_id in book_ids:
                if available[book_id] < 1:
                    raise Conflict(f"no copy of book {book_id} is on the shelf")
            ids = [
                connection.execute(
                    "INSERT INTO loans (book_id, member_id, borrowed_at, due_at) VALUES (?, ?, ?, ?)",
                    (book_id, member_id, borrowed_at, due_at),
                ).lastrowid
                for book_id in book_ids
            ]
        placeholders = ", ".join("?" for _ in ids)
        rows = self.connection.execute(f"{self.select} WHERE id IN ({placeholders}) ORDER BY id", ids)
        return [self.record(row) for row in rows]

    def give_back(self, loan_id):
        """The returned loan; None when there is no such loan; Conflict when it was returned."""
        with Writing(self.connection) as connection:
            row = connection.execute("SELECT returned_at FROM loans WHERE id = ?", (loan_id,)).fetchone()
            if row is None:
                return None
            if row[0] is not None:
                raise Conflict(f"loan {loan_id} was already returned")
            connection.execute("UPDATE loans SET returned_at = ? WHERE id = ?", (timestamp(self.clock()), loan_id))
        return self.get(loan_id)


class Store:
    def __init__(self, connection, clock, loan_limit):
        self.connection = connection
        migrate(connection)
        self.books = Books(connection)
        self.members = Members(connection)
        self.loans = Loans(connection, clock, loan_limit)
