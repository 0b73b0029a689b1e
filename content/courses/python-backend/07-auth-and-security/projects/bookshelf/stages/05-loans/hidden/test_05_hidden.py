"""Stage 5, hidden: the same rules with other inputs."""

import random

from pydojo_harness.http_client import client_for

from bookshelf.app import make_app


def desk_for(app):
    client = client_for(app)
    assert client.post("/accounts", json={"username": "front", "password": "front desk 77"}).status == 201
    return client


def test_returning_frees_room_under_the_limit():
    limit = random.randint(1, 3)
    desk = desk_for(make_app(loan_limit=limit))
    member = desk.post("/members", json={"name": "Ida", "email": "ida@example.org"}).json()["id"]
    books = [desk.post("/books", json={"title": f"B{i}", "author": "A", "year": 2000}).json()["id"] for i in range(limit + 1)]
    loans = desk.post("/loans", json={"member_id": member, "book_ids": books[:limit]}).json()["loans"]
    assert desk.post("/loans", json={"member_id": member, "book_ids": [books[limit]]}).status == 409
    assert desk.post(f"/loans/{loans[0]['id']}/return").status == 200
    assert desk.post("/loans", json={"member_id": member, "book_ids": [books[limit]]}).status == 201
    history = desk.get(f"/members/{member}/loans").json()["items"]
    assert len(history) == limit + 1 and history[0]["returned_at"] is not None


def test_put_cannot_drop_copies_below_the_loans():
    desk = desk_for(make_app())
    book = desk.post("/books", json={"title": "C", "author": "A", "year": 2000, "copies": 2}).json()["id"]
    member = desk.post("/members", json={"name": "Ida", "email": "ida@example.org"}).json()["id"]
    desk.post("/loans", json={"member_id": member, "book_ids": [book]})
    assert desk.put(f"/books/{book}", json={"title": "C", "author": "A", "year": 2000, "copies": 0}).status == 409
    assert desk.get(f"/books/{book}").json()["copies"] == 2
    assert desk.get("/loans/4242").status == 404
    assert desk.get("/members/4242/loans").status == 404
