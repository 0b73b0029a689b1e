"""Stage 3, hidden: the same rules with other inputs."""

import random

from pydojo_harness.http_client import client_for

from bookshelf.app import make_app


def as_librarian(client):
    response = client.post("/accounts", json={"username": "staff", "password": "staff password 1"})
    if response.status == 409:
        client.post("/login", json={"username": "staff", "password": "staff password 1"})
    return client


def book(title, author, tags):
    return {"title": title, "author": author, "year": 2000, "tags": tags}


def walk(client, **params):
    ids, cursor = [], None
    while True:
        body = client.get("/books", params={**params, **({"cursor": cursor} if cursor else {})}).json()
        ids += [b["id"] for b in body["items"]]
        cursor = body["next_cursor"]
        if cursor is None:
            return ids


def test_q_and_author_with_pages_of_one():
    client = as_librarian(client_for(make_app()))
    made = []
    sure = random.randrange(10)  # at least one book matches both, or the filters go untested
    for i in range(10):
        title = random.choice(["Night Ferry", "Ferryman", "Paper Boats", "Far Shore"][: 2 if i == sure else 4])
        author = "Lu Ming" if i == sure else random.choice(["Lu Ming", "Ava Stone"])
        made.append((client.post("/books", json=book(title, author, [])).json()["id"], title, author))
    expected = [i for i, t, a in made if "ferr" in t.lower() and a == "Lu Ming"]
    assert walk(client, q="FERR", author="lu ming", limit=1) == expected


def test_a_page_of_100_and_tags_after_a_deletion():
    client = as_librarian(client_for(make_app()))
    ids = [client.post("/books", json=book(f"T{i}", "A", ["x"] if i % 2 else [])).json()["id"] for i in range(7)]
    body = client.get("/books", params={"limit": "100"}).json()
    assert [b["id"] for b in body["items"]] == ids and body["next_cursor"] is None
    client.delete(f"/books/{ids[1]}")
    assert walk(client, tag="x") == [i for n, i in enumerate(ids) if n % 2 and n != 1]


def test_a_filtered_page_costs_the_same_queries(db):
    app = make_app(connection=db.connection)
    staff = as_librarian(client_for(app))
    for i in range(24):
        staff.post("/books", json=book(f"Book {i}", "A", random.sample(["a", "b", "c", "d"], 2)))
    reader = client_for(app)
    counts = []
    for limit in ("3", "12"):
        db.queries.clear()
        reader.get("/books", params={"tag": "a", "limit": limit})
        counts.append(db.queries.count("SELECT"))
    assert counts[0] == counts[1] <= 3
