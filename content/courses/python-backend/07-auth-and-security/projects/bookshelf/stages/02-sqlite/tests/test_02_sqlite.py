"""Stage 2: the data lives in SQLite, and the schema grows through recorded migrations."""

import random

import pytest
from pydojo_harness.http_client import client_for

from bookshelf.app import make_app
from bookshelf.migrations import migrate

WORDS = ["quiet", "north", "paper", "moth", "signal", "fern", "atlas", "violet", "harvest", "cinder", "loom"]
AUTHORS = ["Iris Calder", "Joon Park", "Kofi Mensah", "Lena Fischer", "Mira Sato", "Noor Haddad"]


def as_librarian(client):
    """From stage 4 on, only a librarian may change the catalogue, and the first account made on
    a new database is the librarian. Before stage 4 POST /accounts is a 404 and everyone may
    write. So these tests register "staff" (or log in, when the database already has it)."""
    response = client.post("/accounts", json={"username": "staff", "password": "staff password 1"})
    if response.status == 409:
        client.post("/login", json={"username": "staff", "password": "staff password 1"})
    return client


def random_book(**extra):
    return {
        "title": " ".join(random.sample(WORDS, random.randint(1, 3))).title(),
        "author": random.choice(AUTHORS),
        "year": random.randint(1950, 2025),
        "copies": random.randint(1, 4),
        **extra,
    }


def random_isbn():
    return "978" + "".join(random.choice("0123456789") for _ in range(10))


def create(client, kind, body):
    response = client.post(f"/{kind}", json=body)
    assert response.status == 201, f"POST /{kind} {body} should be 201, got {response.status} {response.text}"
    return response.json()


def versions(db):
    return [row[0] for row in db.query("SELECT version FROM schema_version ORDER BY version")]


def test_data_survives_a_restart(tmp_path):
    path = str(tmp_path / "library.db")
    first = as_librarian(client_for(make_app(db_path=path)))
    books = [create(first, "books", random_book()) for _ in range(random.randint(2, 5))]
    member = create(first, "members", {"name": random.choice(AUTHORS), "email": f"m{random.randint(1, 99)}@example.org"})

    again = as_librarian(client_for(make_app(db_path=path)))  # the server restarted: a new app, the same file
    listed = again.get("/books").json()["items"]
    assert [b["id"] for b in listed] == [b["id"] for b in books], (
        "after a restart (make_app again on the same db_path) every book must still be there: "
        "are the writes committed?"
    )
    assert again.get(f"/members/{member['id']}").json() == member
    newer = create(again, "books", random_book())
    assert newer["id"] > books[-1]["id"], "new ids carry on after a restart"


def test_two_databases_are_separate(tmp_path):
    one = as_librarian(client_for(make_app(db_path=str(tmp_path / "one.db"))))
    two = as_librarian(client_for(make_app(db_path=str(tmp_path / "two.db"))))
    create(one, "books", random_book())
    assert two.get("/books").json()["items"] == [], "each db_path is its own library"


def test_ids_are_not_reused_even_after_a_restart(tmp_path):
    path = str(tmp_path / "library.db")
    client = as_librarian(client_for(make_app(db_path=path)))
    ids = [create(client, "books", random_book())["id"] for _ in range(3)]
    assert client.delete(f"/books/{ids[-1]}").status == 204
    client = as_librarian(client_for(make_app(db_path=path)))
    new_id = create(client, "books", random_book())["id"]
    assert new_id not in ids, (
        f"book {ids[-1]} was deleted and its id was given to a new book: a link or a scanner label that pointed "
        "at the old book now shows another one. SQLite reuses the largest rowid unless the key is declared "
        "INTEGER PRIMARY KEY AUTOINCREMENT"
    )


def test_migrations_are_recorded_in_schema_version(db):
    make_app(connection=db.connection)
    recorded = versions(db)
    assert len(recorded) >= 2 and recorded == list(range(1, len(recorded) + 1)), (
        f"schema_version should hold one row per migration applied, 1, 2, ... (got {recorded})"
    )
    columns = [row[1] for row in db.query("PRAGMA table_info(books)")]
    for name in ("id", "title", "author", "year", "copies", "isbn"):
        assert name in columns, f"table books should have a column {name} (it has {columns})"


def test_applying_the_migrations_twice_is_a_no_op(db):
    client = as_librarian(client_for(make_app(connection=db.connection)))
    book = create(client, "books", random_book())
    before = versions(db)
    db.queries.clear()
    again = client_for(make_app(connection=db.connection))
    ran = db.queries.statements
    assert versions(db) == before, "building the app again on a migrated database must not record migrations again"
    assert not [sql for sql in ran if sql.lstrip().upper().startswith("ALTER")], (
        "the second make_app altered a table again: migrations already in schema_version must be skipped\n" + "\n".join(ran)
    )
    assert migrate(db.connection) == [], "migrate() on an up-to-date database applies nothing and returns []"
    assert again.get(f"/books/{book['id']}").json() == book


def test_upgrading_a_version_1_database_keeps_its_books(db):
    assert migrate(db.connection, target=1) == [1], "migrate(connection, target=1) applies migration 1 only"
    assert "isbn" not in [row[1] for row in db.query("PRAGMA table_info(books)")], "isbn arrives with migration 2"
    old = random_book()
    db.query("INSERT INTO books (title, author, year, copies) VALUES (?, ?, ?, ?)",
             (old["title"], old["author"], old["year"], old["copies"]))
    client = as_librarian(client_for(make_app(connection=db.connection)))
    assert versions(db)[:2] == [1, 2], "make_app brings an old database up to date"
    fetched = client.get("/books/1")
    assert fetched.status == 200, "the book written before the upgrade is still there"
    body = fetched.json()
    assert {name: body.get(name) for name in [*old, "isbn"]} == {**old, "isbn": None}, (
        "the old book keeps its fields and gets isbn null from migration 2"
    )


def test_books_have_an_isbn(client_factory):
    client = client_factory()
    isbn = random_isbn()
    spaced = f"{isbn[:3]}-{isbn[3:4]}-{isbn[4:8]}-{isbn[8:12]}-{isbn[12]}"
    created = create(client, "books", random_book(isbn=spaced))
    assert created["isbn"] == isbn, "the isbn is stored as its 13 digits, without hyphens"
    plain = create(client, "books", random_book())
    assert plain["isbn"] is None, "a book sent without an isbn has \"isbn\": null"
    other = create(client, "books", random_book())
    assert other["isbn"] is None, "any number of books may have no isbn"
    patched = client.patch(f"/books/{plain['id']}", json={"isbn": random_isbn()})
    assert patched.status == 200 and len(patched.json()["isbn"]) == 13


@pytest.mark.parametrize("isbn", ["12345", "97801234567890", "978-0-12-ABCDE-0", 9780123456789])
def test_an_invalid_isbn_is_422(client_factory, isbn):
    response = client_factory().post("/books", json=random_book(isbn=isbn))
    assert response.status == 422, f"isbn {isbn!r} is not 13 digits: 422, got {response.status}"


def test_the_same_isbn_twice_is_409(client_factory):
    client = client_factory()
    isbn = random_isbn()
    first = create(client, "books", random_book(isbn=isbn))
    second = client.post("/books", json=random_book(isbn=isbn))
    assert second.status == 409, (
        f"an ISBN names one edition: a second book with isbn {isbn} is a conflict with book {first['id']}, "
        f"409 Conflict (got {second.status})"
    )
    other = create(client, "books", random_book())
    clash = client.patch(f"/books/{other['id']}", json={"isbn": isbn})
    assert clash.status == 409, f"changing a book's isbn to one already taken is 409 too, got {clash.status}"
    assert client.get(f"/books/{other['id']}").json()["isbn"] is None, "the refused change must not be stored"


@pytest.fixture
def client_factory(tmp_path):
    return lambda: as_librarian(client_for(make_app(db_path=str(tmp_path / "books.db"))))
