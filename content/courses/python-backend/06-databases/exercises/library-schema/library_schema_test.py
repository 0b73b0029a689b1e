import sqlite3

import pytest

from library_schema import open_library

VALID = [
    "INSERT INTO members (id, email, name) VALUES (1, 'ada@example.org', 'Ada')",
    "INSERT INTO books (id, isbn, title, copies) VALUES (1, '978-0441478125', 'The Left Hand of Darkness', 2)",
    "INSERT INTO loans (member_id, book_id, due) VALUES (1, 1, '2026-12-24')",
]


def rejected(conn, sql, rule):
    """The statement must fail with sqlite3.IntegrityError; otherwise say which rule is missing."""
    try:
        conn.execute(sql)
    except sqlite3.IntegrityError:
        return
    finally:
        conn.rollback()
    pytest.fail(f"the database accepted {sql!r}, but {rule}")


@pytest.fixture
def library(db_path):
    # open_library() builds the schema; the rules are then tried on the tests' own connection,
    # so what rejects a row is the database's schema, not the object open_library() returned.
    open_library(str(db_path)).close()
    conn = sqlite3.connect(str(db_path))
    conn.execute("PRAGMA foreign_keys = ON")
    for sql in VALID:
        conn.execute(sql)
    conn.commit()
    yield conn
    conn.close()


def test_the_rules_are_constraints_not_triggers(library):
    triggers = [name for (name,) in library.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")]
    assert triggers == [], (
        f"the schema has triggers ({', '.join(triggers)}): declare each rule as a constraint of its table "
        "(NOT NULL, UNIQUE, CHECK, REFERENCES), which every connection and every tool then enforces"
    )


def tables(conn):
    return [name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]


def test_the_three_tables_exist(db_path):
    conn = open_library(str(db_path))
    assert tables(conn) == ["books", "loans", "members"]
    conn.close()


def test_good_rows_are_accepted(library):
    rows = library.execute(
        "SELECT name, title, due FROM loans JOIN members ON members.id = member_id JOIN books ON books.id = book_id"
    ).fetchall()
    assert rows == [("Ada", "The Left Hand of Darkness", "2026-12-24")]


def test_copies_default_to_one(library):
    library.execute("INSERT INTO books (isbn, title) VALUES ('978-0-06-105488-9', 'Kindred')")
    assert library.execute("SELECT copies FROM books WHERE title = 'Kindred'").fetchall() == [(1,)]


@pytest.mark.parametrize(
    "sql, rule",
    [
        ("INSERT INTO members (email) VALUES ('bo@example.org')", "a member needs a name (NOT NULL)"),
        ("INSERT INTO members (name) VALUES ('Bo')", "a member needs an email (NOT NULL)"),
        ("INSERT INTO books (isbn) VALUES ('1')", "a book needs a title (NOT NULL)"),
        ("INSERT INTO books (title) VALUES ('No ISBN')", "a book needs an isbn (NOT NULL)"),
        ("INSERT INTO books (isbn, title, copies) VALUES ('2', 'T', NULL)", "copies is required (NOT NULL)"),
        ("INSERT INTO loans (member_id, book_id) VALUES (1, 1)", "a loan needs a due date (NOT NULL)"),
        ("INSERT INTO loans (book_id, due) VALUES (1, '2026-12-24')", "a loan needs a member (NOT NULL)"),
    ],
    ids=["member name", "member email", "book title", "book isbn", "copies", "due date", "loan member"],
)
def test_required_columns(library, sql, rule):
    rejected(library, sql, rule)


def test_an_email_is_used_once(library):
    rejected(library, "INSERT INTO members (email, name) VALUES ('ada@example.org', 'Ada again')",
             "two members may not share an email (UNIQUE)")


def test_emails_are_compared_without_case(library):
    rejected(library, "INSERT INTO members (email, name) VALUES ('ADA@Example.ORG', 'Ada again')",
             "ADA@Example.ORG is the same address as ada@example.org: compare emails without case (COLLATE NOCASE)")


def test_an_isbn_is_used_once(library):
    rejected(library, "INSERT INTO books (isbn, title) VALUES ('978-0441478125', 'Copy')",
             "two books may not share an isbn (UNIQUE)")


def test_copies_never_go_below_zero(library):
    rejected(library, "UPDATE books SET copies = -1 WHERE id = 1",
             "copies must never go below 0: add CHECK (copies >= 0)")
    library.execute("UPDATE books SET copies = 0 WHERE id = 1")
    assert library.execute("SELECT copies FROM books WHERE id = 1").fetchall() == [(0,)]


FOREIGN_KEY_RULE = ("a loan must point at an existing member and book: declare REFERENCES, and turn "
                    "the checks on with PRAGMA foreign_keys = ON on every connection (SQLite leaves them off)")


@pytest.mark.parametrize(
    "sql",
    [
        "INSERT INTO loans (member_id, book_id, due) VALUES (42, 1, '2026-12-24')",
        "INSERT INTO loans (member_id, book_id, due) VALUES (1, 42, '2026-12-24')",
        "DELETE FROM members WHERE id = 1",
    ],
    ids=["unknown member", "unknown book", "deleting a member with a loan"],
)
def test_loans_point_at_real_rows(library, sql):
    rejected(library, sql, FOREIGN_KEY_RULE)


def test_opening_an_existing_library_keeps_its_data_and_its_checks(library, db_path):
    again = open_library(str(db_path))
    assert again.execute("SELECT name FROM members").fetchall() == [("Ada",)]
    rejected(again, "INSERT INTO loans (member_id, book_id, due) VALUES (42, 1, '2026-12-24')",
             "the second connection to the same file skipped the checks. " + FOREIGN_KEY_RULE)
    again.close()
