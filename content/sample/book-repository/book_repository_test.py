from book_repository import authors_with_books

DB_SCHEMA = """
CREATE TABLE authors (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE books (id INTEGER PRIMARY KEY, title TEXT NOT NULL,
                    author_id INTEGER NOT NULL REFERENCES authors(id));
INSERT INTO authors (id, name) VALUES (1, 'Le Guin'), (2, 'Okorafor'), (3, 'Chiang');
INSERT INTO books (title, author_id) VALUES
    ('The Dispossessed', 1), ('A Wizard of Earthsea', 1), ('Exhalation', 3);
"""


def test_authors_and_their_books(db):
    assert authors_with_books(db.connection) == [
        {"author": "Chiang", "books": ["Exhalation"]},
        {"author": "Le Guin", "books": ["A Wizard of Earthsea", "The Dispossessed"]},
        {"author": "Okorafor", "books": []},
    ]


def test_no_authors(db):
    db.script("DELETE FROM books; DELETE FROM authors;")
    assert authors_with_books(db.connection) == []


def test_a_fixed_number_of_queries(db):
    db.script(
        "INSERT INTO authors (id, name) VALUES "
        + ", ".join(f"({i}, 'Author {i:02}')" for i in range(10, 17))
        + "; INSERT INTO books (title, author_id) VALUES "
        + ", ".join(f"('Book {i}', {i})" for i in range(10, 17))
    )
    result = authors_with_books(db.connection)
    assert len(result) == 10
    db.queries.assert_at_most(
        2, "SELECT", what="10 authors", hint="one query per author: fetch them with a JOIN or an IN (...)"
    )
    db.queries.assert_no_n_plus_one(
        "one query per author: fetch them with a JOIN or an IN (...)"
    )
