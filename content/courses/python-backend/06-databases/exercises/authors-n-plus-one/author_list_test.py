from author_list import list_authors

DB_SCHEMA = """
CREATE TABLE authors (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE books (id INTEGER PRIMARY KEY, title TEXT NOT NULL, year INTEGER NOT NULL,
                    author_id INTEGER NOT NULL REFERENCES authors(id));
INSERT INTO authors (id, name) VALUES (1, 'Ted Chiang'), (2, 'N. K. Jemisin'), (3, 'Unpublished Author');
INSERT INTO books (title, year, author_id) VALUES
    ('Stories of Your Life and Others', 2002, 1),
    ('The Fifth Season', 2015, 2),
    ('The Hundred Thousand Kingdoms', 2010, 2);
"""


def add_authors(db, count):
    """Adds authors 'Author 10'... each with two books; returns the number of authors in all."""
    db.script(
        "INSERT INTO authors (id, name) VALUES "
        + ", ".join(f"({i}, 'Author {i}')" for i in range(10, 10 + count))
        + "; INSERT INTO books (title, year, author_id) VALUES "
        + ", ".join(f"('Book {i}a', {1990 + i}, {i}), ('Book {i}b', {1980 + i}, {i})" for i in range(10, 10 + count))
    )
    return count + 3


def assert_one_query(db, authors):
    selects = db.queries.count("SELECT")
    assert selects <= 2, (
        f"list_authors() ran {selects} queries for {authors} authors (one per author: the N+1 pattern); "
        f"fetch them with one JOIN. The statements your code ran:\n{db.queries.listing()}"
    )


def test_the_example(db):
    assert list_authors(db.connection) == [
        {"name": "N. K. Jemisin", "books": 2, "first_year": 2010},
        {"name": "Ted Chiang", "books": 1, "first_year": 2002},
        {"name": "Unpublished Author", "books": 0, "first_year": None},
    ]


def test_an_author_without_books(db):
    unpublished = list_authors(db.connection)[-1]
    assert unpublished["name"] == "Unpublished Author", (
        "every author is listed, also those without books: an inner JOIN drops them, LEFT JOIN keeps them"
    )
    assert unpublished == {"name": "Unpublished Author", "books": 0, "first_year": None}, (
        "an author without books has 0 books: after a LEFT JOIN, COUNT(*) counts the one row of NULLs; "
        "COUNT(books.id) counts books"
    )


def test_no_authors(db):
    db.script("DELETE FROM books; DELETE FROM authors;")
    assert list_authors(db.connection) == []


def test_ten_authors(db):
    db.script("DELETE FROM books; DELETE FROM authors;")
    add_authors(db, 10)
    result = list_authors(db.connection)
    assert result[0] == {"name": "Author 10", "books": 2, "first_year": 1990}
    assert len(result) == 10
    assert_one_query(db, 10)


def test_the_number_of_queries_does_not_grow_with_the_authors(db):
    authors = add_authors(db, 40)
    assert len(list_authors(db.connection)) == authors
    assert_one_query(db, authors)
    db.queries.assert_no_n_plus_one("one query per author: fetch them all with one JOIN and GROUP BY")
