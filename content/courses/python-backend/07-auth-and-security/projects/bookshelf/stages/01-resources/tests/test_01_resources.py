"""Stage 1: books and members as JSON resources, with the status codes HTTP gives them."""

import random

import pytest
from pydojo_harness.http_client import client_for

from bookshelf.app import make_app

WORDS = ["river", "glass", "winter", "orchard", "lantern", "harbour", "salt", "copper", "meadow", "echo", "ember", "tide"]
NAMES = ["Ada Okafor", "Bea Lindqvist", "Chen Wei", "Dara Novak", "Eli Moreau", "Femi Adeyemi", "Gus Tanaka"]


def as_librarian(client):
    """From stage 4 on, only a librarian may change the catalogue, and the first account made on
    a new database is the librarian. Before stage 4 there are no accounts: POST /accounts is an
    unknown path (404) and everyone may write. So these tests register "staff" when they can."""
    response = client.post("/accounts", json={"username": "staff", "password": "staff password 1"})
    if response.status == 409:
        client.post("/login", json={"username": "staff", "password": "staff password 1"})
    return client


@pytest.fixture
def client():
    return as_librarian(client_for(make_app()))


def random_book():
    return {
        "title": " ".join(random.sample(WORDS, random.randint(1, 3))).capitalize(),
        "author": random.choice(NAMES),
        "year": random.randint(1900, 2025),
        "copies": random.randint(1, 5),
    }


def random_member():
    name = random.choice(NAMES)
    return {"name": name, "email": f"{name.split()[0].lower()}{random.randint(1, 999)}@example.org"}


def same_fields(record, expected):
    """The fields of `expected`, as `record` has them (later stages add more fields)."""
    return {name: record.get(name) for name in expected}


def create(client, kind, body):
    response = client.post(f"/{kind}", json=body)
    assert response.status == 201, f"POST /{kind} {body} should create it: 201 Created, got {response.status} {response.text}"
    return response


def test_creating_a_book_answers_201_with_its_location(client):
    book = random_book()
    response = create(client, "books", book)
    created = response.json()
    assert isinstance(created.get("id"), int), f"the created book needs an integer id, got {created}"
    assert same_fields(created, book) == book
    assert response.headers.get("Location") == f"/books/{created['id']}", (
        "201 Created says where the new resource lives: the Location header must be /books/<id>"
    )
    fetched = client.get(f"/books/{created['id']}")
    assert fetched.status == 200
    assert fetched.json() == created, "GET /books/<id> should give the book exactly as POST answered it"


def test_copies_default_to_one_and_text_is_trimmed(client):
    book = random_book()
    del book["copies"]
    created = create(client, "books", {**book, "title": f"  {book['title']} "}).json()
    assert created["copies"] == 1, "a book sent without copies has 1 copy"
    assert created["title"] == book["title"], "spaces around the title are removed"


def test_listing_gives_every_book_in_creation_order(client):
    books = [random_book() for _ in range(random.randint(2, 8))]
    ids = [create(client, "books", book).json()["id"] for book in books]
    response = client.get("/books")
    assert response.status == 200
    items = response.json().get("items")
    assert isinstance(items, list), f'GET /books answers {{"items": [...]}}, got {response.text[:200]}'
    assert [item["id"] for item in items] == ids, "the list holds every book, oldest first"
    assert [same_fields(item, book) for item, book in zip(items, books)] == books


def test_an_unknown_book_is_404(client):
    create(client, "books", random_book())
    missing = random.randint(100, 9999)
    for path in (f"/books/{missing}", "/books/abc", "/books/1/2"):
        response = client.get(path)
        assert response.status == 404, f"GET {path} should be 404 Not Found, got {response.status}"
        assert "error" in response.json(), 'errors are JSON too: {"error": "..."}'


def test_put_replaces_the_whole_book(client):
    book_id = create(client, "books", {**random_book(), "copies": random.randint(2, 5)}).json()["id"]  # not the default
    replacement = random_book()
    del replacement["copies"]
    response = client.put(f"/books/{book_id}", json=replacement)
    assert response.status == 200, f"PUT should answer 200 with the book, got {response.status} {response.text}"
    assert same_fields(response.json(), replacement) == replacement
    assert response.json()["copies"] == 1, "PUT replaces the whole book: a field left out takes its default (copies: 1)"
    assert client.get(f"/books/{book_id}").json() == response.json()


def test_put_needs_every_required_field(client):
    book = random_book()
    book_id = create(client, "books", book).json()["id"]
    missing = random.choice(["title", "author", "year"])
    partial = {k: v for k, v in book.items() if k != missing}
    response = client.put(f"/books/{book_id}", json=partial)
    assert response.status == 422, f"PUT replaces the book, so leaving out {missing} is 422, got {response.status}"


def test_patch_changes_only_the_fields_sent(client):
    book = random_book()
    book_id = create(client, "books", book).json()["id"]
    change = {"year": book["year"] - random.randint(1, 50)}
    response = client.patch(f"/books/{book_id}", json=change)
    assert response.status == 200, f"PATCH should answer 200, got {response.status} {response.text}"
    assert same_fields(response.json(), book) == {**book, **change}, "PATCH changes what it sends and keeps the rest"


def test_delete_answers_204_then_the_book_is_gone(client):
    keep = create(client, "books", random_book()).json()
    gone = create(client, "books", random_book()).json()
    response = client.delete(f"/books/{gone['id']}")
    assert response.status == 204, f"DELETE should answer 204 No Content, got {response.status}"
    assert response.body == b"", "204 means no body at all"
    assert client.get(f"/books/{gone['id']}").status == 404
    assert client.delete(f"/books/{gone['id']}").status == 404, "deleting it again: there is nothing to delete, 404"
    assert [b["id"] for b in client.get("/books").json()["items"]] == [keep["id"]]


def test_members_are_resources_too(client):
    member = random_member()
    response = create(client, "members", member)
    created = response.json()
    assert same_fields(created, member) == member
    assert response.headers.get("Location") == f"/members/{created['id']}"
    assert client.get(f"/members/{created['id']}").json() == created
    email = f"new{random.randint(1, 999)}@example.com"
    patched = client.patch(f"/members/{created['id']}", json={"email": email})
    assert patched.status == 200 and patched.json()["email"] == email and patched.json()["name"] == member["name"]
    assert [m["id"] for m in client.get("/members").json()["items"]] == [created["id"]]
    assert client.delete(f"/members/{created['id']}").status == 204
    assert client.get(f"/members/{created['id']}").status == 404


@pytest.mark.parametrize(
    "change",
    [
        {"title": ""},
        {"title": "   "},
        {"author": 42},
        {"year": "1999"},
        {"year": True},
        {"year": 19.5},
        {"copies": -1},
        {"titel": "Typo"},
        {"id": 7},
    ],
    ids=["empty title", "blank title", "author not text", "year as text", "year true", "year fraction",
         "negative copies", "unknown field", "id in body"],
)
def test_invalid_books_are_422(client, change):
    body = {**random_book(), **change}
    response = client.post("/books", json=body)
    assert response.status == 422, (
        f"{change} is well-formed JSON with a wrong value: 422 Unprocessable Content, got {response.status}"
    )
    assert "error" in response.json()
    assert client.get("/books").json()["items"] == [], "a refused book must not be stored"


def test_a_missing_field_is_422(client):
    book = random_book()
    del book[random.choice(["title", "author", "year"])]
    assert client.post("/books", json=book).status == 422


@pytest.mark.parametrize("email", ["no-at-sign.org", "two@@example.org", "ada@example", ""],
                         ids=["no at sign", "two at signs", "no dot after the at", "empty"])
def test_invalid_member_emails_are_422(client, email):
    response = client.post("/members", json={"name": random.choice(NAMES), "email": email})
    assert response.status == 422, f"{email!r} is not an email address: 422, got {response.status}"


def test_a_body_that_is_not_json_is_400(client):
    book_id = create(client, "books", random_book()).json()["id"]
    headers = {"Content-Type": "application/json"}
    for method, path, body in [
        ("POST", "/books", '{"title": "Broken'),
        ("POST", "/members", "[1, 2, 3]"),
        ("PUT", f"/books/{book_id}", '"just a string"'),
        ("PATCH", f"/books/{book_id}", "{'single': 'quotes'}"),
    ]:
        response = client.request(method, path, body=body, headers=headers)
        assert response.status == 400, (
            f"{method} {path} with the body {body!r}: not a JSON object, so 400 Bad Request, got {response.status}"
        )


def test_a_body_that_is_not_labelled_json_is_415(client):
    book = random_book()
    form = client.post("/books", data={k: str(v) for k, v in book.items()})
    assert form.status == 415, f"a form-encoded body is not JSON: 415 Unsupported Media Type, got {form.status}"
    text = client.post("/books", body='{"title": "x"}', headers={"Content-Type": "text/plain"})
    assert text.status == 415, f"Content-Type: text/plain is 415 even when the text looks like JSON, got {text.status}"
    ok = client.post("/books", json=book, headers={"Content-Type": "application/json; charset=utf-8"})
    assert ok.status == 201, "application/json with a charset parameter is still JSON"


def test_a_wrong_method_is_405_with_allow(client):
    book_id = create(client, "books", random_book()).json()["id"]
    member_id = create(client, "members", random_member()).json()["id"]
    cases = [
        ("DELETE", "/books", {"GET", "POST"}),
        ("PUT", "/members", {"GET", "POST"}),
        ("POST", f"/books/{book_id}", {"GET", "PUT", "PATCH", "DELETE"}),
        ("POST", f"/members/{member_id}", {"GET", "PUT", "PATCH", "DELETE"}),
    ]
    for method, path, allowed in cases:
        response = client.request(method, path)
        assert response.status == 405, (
            f"{method} {path}: the path exists, the method doesn't: 405, got {response.status} "
            "(check the method before reading the body)"
        )
        allow = {m.strip() for m in (response.headers.get("Allow") or "").split(",") if m.strip()}
        assert allow == allowed, f"405 must say what is allowed: Allow: {', '.join(sorted(allowed))} (got {allow or 'none'})"


def test_an_unknown_path_is_404(client):
    for path in ("/", "/authors", f"/books-{random.randint(1, 99)}", "/book"):
        assert client.get(path).status == 404, f"GET {path} should be 404"
