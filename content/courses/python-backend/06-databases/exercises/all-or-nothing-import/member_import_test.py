import pytest

import member_import
from member_import import import_members

DB_SCHEMA = """
CREATE TABLE members (id INTEGER PRIMARY KEY,
                      email TEXT NOT NULL UNIQUE COLLATE NOCASE,
                      name TEXT NOT NULL CHECK (name <> ''),
                      club TEXT NOT NULL);
INSERT INTO members (email, name, club) VALUES ('ada@example.org', 'Ada', 'chess');
"""


def members(db):
    return db.query("SELECT email, name, club FROM members ORDER BY id")


def failed_import(db, text, club="go"):
    try:
        count = import_members(db.connection, text, club)
    except member_import.ImportFailed as exc:
        return str(exc)
    pytest.fail(
        f"this file has a bad line, but import_members returned {count!r} instead of raising ImportFailed: "
        "the office must know the file was refused, and which line to correct"
    )


def assert_only_ada(db, what):
    now = members(db)
    assert now == [("ada@example.org", "Ada", "chess")], (
        f"after {what}, the members are {now}: the lines before the bad one stayed. Import the whole file "
        "in one transaction (with conn: ...), so one bad line rolls back all of them"
    )
    assert not db.connection.in_transaction, f"after {what}, a transaction was left open"


def test_a_good_file(db):
    count = import_members(db.connection, "email,name\nbo@example.org,Bo\ncy@example.org,Cy\n", "go")
    assert count == 2
    assert members(db)[1:] == [("bo@example.org", "Bo", "go"), ("cy@example.org", "Cy", "go")]
    assert not db.connection.in_transaction, "the import is still in an open transaction: commit it"


def test_an_empty_file(db):
    assert import_members(db.connection, "email,name\n", "go") == 0


def test_a_duplicate_of_an_existing_member(db):
    message = failed_import(db, "email,name\nbo@example.org,Bo\ncy@example.org,Cy\nADA@example.org,Ada again\n")
    assert_only_ada(db, "a file whose line 4 repeats an existing email")
    assert message.startswith("line 4"), (
        f"the message {message!r} should start with 'line 4': the header is line 1, so the third member "
        "is on line 4"
    )


def test_a_duplicate_inside_the_file(db):
    message = failed_import(db, "email,name\nbo@example.org,Bo\nbo@example.org,Bo twice\n")
    assert_only_ada(db, "a file with the same email on lines 2 and 3")
    assert message.startswith("line 3"), f"the message {message!r} should start with 'line 3'"


def test_an_empty_name(db):
    message = failed_import(db, "email,name\nbo@example.org,Bo\ncy@example.org,\n")
    assert_only_ada(db, "a file with an empty name on line 3")
    assert message.startswith("line 3"), f"the message {message!r} should start with 'line 3'"


def test_a_missing_column(db):
    message = failed_import(db, "email,name\nbo@example.org,Bo\ndu@example.org,Du\nev@example.org\n")
    assert_only_ada(db, "a file whose line 4 has no name")
    assert message.startswith("line 4"), f"the message {message!r} should start with 'line 4'"


def test_the_first_bad_line_is_reported(db):
    message = failed_import(db, "email,name\nbo@example.org,\nada@example.org,Ada\n")
    assert message.startswith("line 2"), f"the message {message!r} should name the first bad line, line 2"


def test_the_corrected_file_imports_after_a_failure(db):
    failed_import(db, "email,name\nbo@example.org,Bo\nada@example.org,Ada again\n")
    assert import_members(db.connection, "email,name\nbo@example.org,Bo\n", "go") == 1, (
        "the corrected file must import: the failed attempt may leave nothing behind"
    )
    assert [row[0] for row in members(db)] == ["ada@example.org", "bo@example.org"]


def test_earlier_imports_stay(db):
    import_members(db.connection, "email,name\nbo@example.org,Bo\n", "go")
    failed_import(db, "email,name\ncy@example.org,Cy\nbo@example.org,Bo again\n")
    assert [row[0] for row in members(db)] == ["ada@example.org", "bo@example.org"]
