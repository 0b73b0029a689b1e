import sqlite3

import pytest

from contact_book import add_contact, delete_contact, find_contact, rename_contact

DB_SCHEMA = """
CREATE TABLE contacts (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT NOT NULL UNIQUE);
INSERT INTO contacts (id, name, email) VALUES (7, 'Grace Hopper', 'grace@example.com');
"""


def assert_values_were_parameters(db, *values):
    for query in db.queries:
        for value in values:
            assert value not in query.sql, (
                f"{value!r} was pasted into the SQL text {query.sql!r}: pass values as parameters "
                "(a ? placeholder and a tuple), so that quotes in them can never change the query"
            )


def quoted(call, *args):
    """Runs the call; a SQL syntax error here means a value was pasted into the SQL text."""
    try:
        return call(*args)
    except sqlite3.OperationalError as exc:
        pytest.fail(
            f"{call.__name__}{args[1:]!r} raised OperationalError: {exc}. The quote in the value ended "
            "the SQL string early: pass values as parameters (a ? placeholder and a tuple), never "
            "inside the SQL text"
        )


def test_add_returns_the_new_id(db):
    new_id = add_contact(db.connection, "Ada Lovelace", "ada@example.org")
    assert new_id == 8, "the new contact's id (cursor.lastrowid after the INSERT)"
    assert db.query("SELECT id, name, email FROM contacts WHERE id = 8") == [(8, "Ada Lovelace", "ada@example.org")]


def test_emails_are_stored_trimmed_and_lower_case(db):
    add_contact(db.connection, "Ada Lovelace", "  Ada@Example.ORG ")
    assert db.query("SELECT email FROM contacts WHERE name = 'Ada Lovelace'") == [("ada@example.org",)]


def test_a_name_with_an_apostrophe(db):
    new_id = quoted(add_contact, db.connection, "Siobhán O'Brien", "siobhan@example.ie")
    assert db.query("SELECT name FROM contacts WHERE id = ?", (new_id,)) == [("Siobhán O'Brien",)]
    assert_values_were_parameters(db, "O'Brien", "siobhan@example.ie")


def test_find_by_email(db):
    assert find_contact(db.connection, "grace@example.com") == {
        "id": 7, "name": "Grace Hopper", "email": "grace@example.com"
    }


def test_find_ignores_case_and_spaces(db):
    found = find_contact(db.connection, " GRACE@Example.com ")
    assert found == {"id": 7, "name": "Grace Hopper", "email": "grace@example.com"}, (
        "emails are stored trimmed and lower-cased: look them up the same way"
    )


def test_find_nobody(db):
    assert find_contact(db.connection, "nobody@example.com") is None


def test_find_uses_a_parameter(db):
    quoted(find_contact, db.connection, "it's@example.com")
    assert_values_were_parameters(db, "it's@example.com")


def test_add_then_find(db):
    new_id = add_contact(db.connection, "Katherine Johnson", "KJ@nasa.example")
    assert find_contact(db.connection, "kj@nasa.example") == {
        "id": new_id, "name": "Katherine Johnson", "email": "kj@nasa.example"
    }


def test_rename(db):
    assert rename_contact(db.connection, 7, "Rear Admiral Grace Hopper") is True
    assert db.query("SELECT name FROM contacts WHERE id = 7") == [("Rear Admiral Grace Hopper",)]


def test_rename_someone_who_does_not_exist(db):
    assert rename_contact(db.connection, 99, "Nobody") is False, (
        "no contact has id 99: cursor.rowcount is 0 after the UPDATE, so return False"
    )
    assert db.query("SELECT name FROM contacts") == [("Grace Hopper",)]


def test_delete(db):
    assert delete_contact(db.connection, 7) is True
    assert db.query("SELECT count(*) FROM contacts") == [(0,)]


def test_delete_twice(db):
    delete_contact(db.connection, 7)
    assert delete_contact(db.connection, 7) is False, (
        "contact 7 is already gone: cursor.rowcount is 0 after the DELETE, so return False"
    )
