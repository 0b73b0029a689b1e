"""Stage 1, hidden: the same rules with other inputs."""

import random

import pytest
from pydojo_harness.http_client import client_for

from bookshelf.app import make_app


def as_librarian(client):
    response = client.post("/accounts", json={"username": "staff", "password": "staff password 1"})
    if response.status == 409:
        client.post("/login", json={"username": "staff", "password": "staff password 1"})
    return client


@pytest.fixture
def client():
    return as_librarian(client_for(make_app()))


def book(**change):
    return {"title": random.choice(["Kiln", "Basalt Road", "The Ninth Gate"]), "author": "Yara Quist",
            "year": random.randint(1800, 2020), "copies": random.randint(0, 9), **change}


@pytest.mark.parametrize("year,status", [(1, 201), (2100, 201), (0, 422), (2101, 422)])
def test_year_bounds(client, year, status):
    response = client.post("/books", json=book(year=year))
    assert response.status == status, f"year {year}: years go from 1 to 2100, both included, so {status}, got {response.status}"


@pytest.mark.parametrize("length,status", [(200, 201), (201, 422)])
def test_title_length(client, length, status):
    response = client.post("/books", json=book(title="x" * length))
    assert response.status == status, (
        f"a title of {length} characters: titles have 1 to 200, both included, so {status}, got {response.status}"
    )


def test_two_apps_do_not_share_data():
    one, two = as_librarian(client_for(make_app())), as_librarian(client_for(make_app()))
    one.post("/books", json=book())
    assert two.get("/books").json()["items"] == [], (
        "a book added to one app shows up in another: keep the data inside the app that make_app() returns, not in module globals"
    )


def test_member_put_replaces_and_needs_every_field(client):
    created = client.post("/members", json={"name": "Yara", "email": "yara@example.org"}).json()
    partial = client.put(f"/members/{created['id']}", json={"name": "Yara Q"})
    assert partial.status == 422, f"PUT replaces the member: leaving out email is 422, got {partial.status}"
    replaced = client.put(f"/members/{created['id']}", json={"name": "Yara Q", "email": "yq@example.net"})
    assert replaced.status == 200 and replaced.json()["email"] == "yq@example.net"


def test_a_refused_patch_changes_nothing(client):
    created = client.post("/books", json=book()).json()
    assert client.patch(f"/books/{created['id']}", json={"title": "Fine", "copies": -5}).status == 422
    assert client.get(f"/books/{created['id']}").json() == created


def test_unknown_ids_on_every_method(client):
    missing = random.randint(50, 500)
    assert client.put(f"/books/{missing}", json=book()).status == 404
    assert client.patch(f"/members/{missing}", json={"name": "N"}).status == 404
    assert client.delete(f"/members/{missing}").status == 404


def test_415_on_put_and_patch(client):
    created = client.post("/books", json=book()).json()
    assert client.put(f"/books/{created['id']}", body="{}", headers={"Content-Type": "text/plain"}).status == 415
    assert client.patch(f"/books/{created['id']}", data={"title": "x"}).status == 415


def test_ids_keep_counting_after_deletes(client):
    ids = [client.post("/books", json=book()).json()["id"] for _ in range(3)]
    client.delete(f"/books/{ids[-1]}")
    assert client.post("/books", json=book()).json()["id"] not in ids
