from query_index import migrate, open_loans

DB_SCHEMA = """
CREATE TABLE loans (id INTEGER PRIMARY KEY, book_id INTEGER NOT NULL,
                    member_id INTEGER NOT NULL, returned INTEGER NOT NULL DEFAULT 0);
INSERT INTO loans (book_id, member_id, returned) VALUES
    (40, 7, 0), (12, 7, 0), (3, 7, 1), (12, 8, 0), (99, 9, 1);
"""


def test_open_loans_of_a_member(db):
    migrate(db.connection)
    assert open_loans(db.connection, 7) == [12, 40]


def test_a_member_without_loans(db):
    migrate(db.connection)
    assert open_loans(db.connection, 9) == []


def test_migrate_twice(db):
    migrate(db.connection)
    migrate(db.connection)
    assert open_loans(db.connection, 8) == [12]


def test_the_query_uses_an_index(db):
    migrate(db.connection)
    open_loans(db.connection, 7)
    db.assert_queries_use_index("loans", "add an index on loans(member_id) in migrate()")
