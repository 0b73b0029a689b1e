"""Stage 2, hidden: the same rules with other inputs."""

import random

from pydojo_harness.http_client import client_for

from bookshelf.app import make_app
from bookshelf.migrations import migrate


def as_librarian(client):
    response = client.post("/accounts", json={"username": "staff", "password": "staff password 1"})
    if response.status == 409:
        client.post("/login", json={"username": "staff", "password": "staff password 1"})
    return client


def book(**extra):
    return {"title": "Granite", "author": "Zeb Ortiz", "year": random.randint(1960, 2020), **extra}


def test_changes_and_deletions_survive_a_restart(tmp_path):
    path = str(tmp_path / "lib.db")
    client = as_librarian(client_for(make_app(db_path=path)))
    kept = client.post("/members", json={"name": "Zeb", "email": "zeb@example.org"}).json()
    gone = client.post("/members", json={"name": "Ann", "email": "ann@example.org"}).json()
    client.patch(f"/members/{kept['id']}", json={"name": "Zeb Ortiz"})
    client.delete(f"/members/{gone['id']}")
    again = as_librarian(client_for(make_app(db_path=path)))
    assert [m["name"] for m in again.get("/members").json()["items"]] == ["Zeb Ortiz"]


def test_migrate_with_a_target_then_the_rest(db):
    assert migrate(db.connection, target=2) == [1, 2]
    rest = migrate(db.connection)
    assert rest == sorted(rest) and all(v > 2 for v in rest)
    assert migrate(db.connection) == []


def test_put_normalises_the_isbn(tmp_path):
    client = as_librarian(client_for(make_app(db_path=str(tmp_path / "x.db"))))
    created = client.post("/books", json=book()).json()
    digits = "979" + "".join(random.choice("0123456789") for _ in range(10))
    spaced = " ".join([digits[:3], digits[3:8], digits[8:]])
    assert client.put(f"/books/{created['id']}", json=book(isbn=spaced)).json()["isbn"] == digits
    assert client.patch(f"/books/{created['id']}", json={"isbn": None}).json()["isbn"] is None
