"""Stage 3: tags, search and filters, cursor pages, and a page that costs the same few queries
whatever its size."""

import random

import pytest
from pydojo_harness.http_client import client_for

from bookshelf.app import make_app

WORDS = ["stone", "garden", "falcon", "mirror", "thunder", "velvet", "island", "compass", "ashes", "willow", "marble"]
AUTHORS = ["Omar Rahimi", "Pia Johansson", "Quinn Adair", "Rosa Jimenez", "Sami Laine", "Tove Berg"]
TAGS = ["fiction", "poetry", "history", "science", "kids", "travel", "sci-fi", "cookery"]


def as_librarian(client):
    """From stage 4 on, only a librarian may change the catalogue, and the first account made on
    a new database is the librarian (before stage 4 POST /accounts is a 404 and anyone may write)."""
    response = client.post("/accounts", json={"username": "staff", "password": "staff password 1"})
    if response.status == 409:
        client.post("/login", json={"username": "staff", "password": "staff password 1"})
    return client


@pytest.fixture
def app():
    return make_app()


@pytest.fixture
def client(app):
    return as_librarian(client_for(app))


def random_book(**extra):
    return {
        "title": " ".join(random.sample(WORDS, random.randint(1, 3))).title(),
        "author": random.choice(AUTHORS),
        "year": random.randint(1950, 2025),
        "tags": random.sample(TAGS, random.randint(0, 3)),
        **extra,
    }


def create(client, body):
    response = client.post("/books", json=body)
    assert response.status == 201, f"POST /books {body} should be 201, got {response.status} {response.text}"
    return response.json()


def page(client, **params):
    response = client.get("/books", params=params)
    assert response.status == 200, f"GET /books {params} should be 200, got {response.status} {response.text}"
    body = response.json()
    assert "items" in body and "next_cursor" in body, f'a page is {{"items": [...], "next_cursor": ...}}, got {response.text[:300]}'
    return body


def walk(client, **params):
    """Every page of a listing, following next_cursor; the ids in order and the pages' sizes."""
    ids, sizes, cursor = [], [], None
    for _ in range(100):
        body = page(client, **params, **({"cursor": cursor} if cursor else {}))
        ids += [book["id"] for book in body["items"]]
        sizes.append(len(body["items"]))
        cursor = body["next_cursor"]
        if cursor is None:
            return ids, sizes
    pytest.fail("next_cursor never became null: the pages go on forever")


def test_tags_are_stored_sorted_without_duplicates(client):
    tags = random.sample(TAGS, 3)
    book = create(client, random_book(tags=[tags[2], tags[0], tags[1], tags[0]]))
    assert book["tags"] == sorted(tags), "tags come back sorted, each once"
    assert client.get(f"/books/{book['id']}").json()["tags"] == sorted(tags)
    assert create(client, {k: v for k, v in random_book().items() if k != "tags"})["tags"] == [], "no tags: []"
    patched = client.patch(f"/books/{book['id']}", json={"tags": [tags[1]]})
    assert patched.json()["tags"] == [tags[1]], "PATCH with tags replaces the book's tags"
    kept = client.patch(f"/books/{book['id']}", json={"year": 2000})
    assert kept.json()["tags"] == [tags[1]], "PATCH without tags keeps them"
    replaced = client.put(f"/books/{book['id']}", json={k: v for k, v in random_book().items() if k != "tags"})
    assert replaced.json()["tags"] == [], "PUT replaces the whole book: no tags sent means no tags"


@pytest.mark.parametrize("tags", ["fiction", ["Fiction"], ["sci fi"], [""], ["x" * 31], [7], [f"t{i}" for i in range(11)]],
                         ids=["not a list", "capitals", "space", "empty", "too long", "not text", "eleven tags"])
def test_invalid_tags_are_422(client, tags):
    response = client.post("/books", json=random_book(tags=tags))
    assert response.status == 422, f"tags {tags!r} should be refused with 422, got {response.status}"


def test_the_pages_hold_every_book_once_in_order(client):
    total = random.randint(7, 23)
    limit = random.randint(2, 6)
    ids = [create(client, random_book())["id"] for _ in range(total)]
    seen, sizes = walk(client, limit=limit)
    assert seen == ids, f"walking the pages with limit={limit} should give each of the {total} books once, in id order"
    assert all(size == limit for size in sizes[:-1]), f"every page but the last holds {limit} books (sizes {sizes})"


def test_the_last_page_has_no_next_cursor(client):
    limit = random.randint(2, 5)
    pages = random.randint(2, 4)
    for _ in range(limit * pages):
        create(client, random_book())
    _seen, sizes = walk(client, limit=limit)
    assert sizes == [limit] * pages, (
        f"{limit * pages} books in pages of {limit} are exactly {pages} full pages, got page sizes {sizes}: "
        "when nothing follows, next_cursor must be null, never a cursor to an empty page "
        "(ask the database for limit + 1 rows to know)"
    )


def test_a_cursor_survives_a_deletion_on_an_earlier_page(client):
    ids = [create(client, random_book())["id"] for _ in range(9)]
    first = page(client, limit=3)
    assert [b["id"] for b in first["items"]] == ids[:3]
    removed = random.choice(ids[:3])
    assert client.delete(f"/books/{removed}").status == 204
    second = page(client, limit=3, cursor=first["next_cursor"])
    assert [b["id"] for b in second["items"]] == ids[3:6], (
        f"book {removed} was deleted after page 1 was read; page 2 must still start right after page 1 "
        f"({ids[3:6]}), got {[b['id'] for b in second['items']]}: a cursor that counts rows (an OFFSET) "
        "skips a book when an earlier one goes away; remember the last id instead (WHERE id > ?)"
    )


def test_the_default_page_is_20_books(client):
    ids = [create(client, random_book())["id"] for _ in range(23)]
    body = page(client)
    assert [b["id"] for b in body["items"]] == ids[:20] and body["next_cursor"] is not None


def test_filter_by_author_ignores_case(client):
    books = [create(client, random_book()) for _ in range(12)]
    author = random.choice([b["author"] for b in books])
    asked = random.choice([author.upper(), author.lower()])  # never as stored: the case must not matter
    seen, _ = walk(client, author=asked, limit=4)
    assert seen == [b["id"] for b in books if b["author"] == author], f"?author={asked} gives every book by {author}, and only those"


def test_q_finds_words_in_titles_ignoring_case(client):
    books = [create(client, random_book()) for _ in range(12)]
    word = random.choice(random.choice(books)["title"].split())
    fragment = word[1:4].upper()
    seen, _ = walk(client, q=fragment)
    expected = [b["id"] for b in books if fragment.lower() in b["title"].lower()]
    assert seen == expected, f"?q={fragment} gives the books whose title contains it, ignoring case"


def test_q_treats_percent_and_underscore_as_characters(client):
    plain = create(client, random_book(title="Almost Everything"))
    special = create(client, random_book(title=f"{random.randint(10, 99)}% Chance"))
    under = create(client, random_book(title="snake_case Stories"))
    assert [b["id"] for b in page(client, q="%")["items"]] == [special["id"]], (
        "?q=% must find the titles with a % in them, not every title: in SQL LIKE, % and _ are wildcards "
        "(escape them, or use instr())"
    )
    assert [b["id"] for b in page(client, q="_")["items"]] == [under["id"]]
    assert plain["id"] not in [b["id"] for b in page(client, q="e_")["items"]]


def test_filter_by_tag_and_combine_filters(client):
    tag, author = random.choice(TAGS), random.choice(AUTHORS)
    other = random.choice([a for a in AUTHORS if a != author])
    # Besides random books: one with the tag by the author, one with the tag by someone else, and
    # one by the author without the tag, so that each filter has something to leave out.
    bodies = [random_book() for _ in range(12)] + [
        random_book(author=author, tags=[tag]),
        random_book(author=other, tags=[tag]),
        random_book(author=author, tags=random.sample([t for t in TAGS if t != tag], random.randint(0, 2))),
    ]
    random.shuffle(bodies)
    books = [create(client, body) for body in bodies]
    seen, _ = walk(client, tag=tag, limit=2)
    assert seen == [b["id"] for b in books if tag in b["tags"]], f"?tag={tag} gives the books with that tag"
    seen, _ = walk(client, tag=tag, author=author, limit=2)
    assert seen == [b["id"] for b in books if tag in b["tags"] and b["author"] == author], (
        "filters combine: every condition must hold"
    )


@pytest.mark.parametrize("limit", ["0", "101", "ten", "-3", "2.5", ""])
def test_a_bad_limit_is_400(client, limit):
    create(client, random_book())
    response = client.get("/books", params={"limit": limit})
    assert response.status == 400, f"?limit={limit!r}: limit is a whole number from 1 to 100, so 400, got {response.status}"


@pytest.mark.parametrize("cursor", ["nope", "12", "e30", "%%%", "eyJhZnRlciI6ICJ4In0"])
def test_a_cursor_the_server_did_not_make_is_400(client, cursor):
    create(client, random_book())
    response = client.get("/books", params={"cursor": cursor})
    assert response.status == 400, (
        f"?cursor={cursor!r} is not a cursor this server made: 400, got {response.status}. A bare id is not a "
        "cursor, and neither is a wrapper that unwraps to something else (garbage, {}, a last id that is not a number)"
    )


def test_a_page_costs_the_same_few_queries_whatever_its_size(db):
    app = make_app(connection=db.connection)
    staff = as_librarian(client_for(app))
    for _ in range(30):
        create(staff, random_book(tags=random.sample(TAGS, random.randint(1, 3))))
    reader = client_for(app)  # browsing needs no account
    counts = {}
    for limit in (5, 20):
        db.queries.clear()
        body = page(reader, limit=limit)
        assert len(body["items"]) == limit
        assert all(isinstance(b.get("tags"), list) for b in body["items"]), "each book of a page carries its tags"
        counts[limit] = db.queries.count("SELECT")
        db.queries.assert_no_n_plus_one(
            "a page must not fetch each book's tags on its own (the N+1 problem): fetch the tags of the whole page "
            "in one query, WHERE book_id IN (...)"
        )
        db.queries.assert_at_most(3, "SELECT", what=f"a page of {limit} books",
                                  hint="one SELECT for the page of books and one for all their tags")
    assert counts[5] == counts[20], (
        f"a page of 5 books took {counts[5]} SELECTs and a page of 20 took {counts[20]}: the number of queries "
        "must not grow with the page"
    )
