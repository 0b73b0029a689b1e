"""Stage 5: lending books in one transaction: never more loans than copies, never more than a
member's limit, and never half of a basket."""

import random
from datetime import datetime, timedelta, timezone

import pytest
from pydojo_harness.http_client import client_for

from bookshelf.app import make_app

START = 1_830_000_000  # 2027-12-28


class FakeClock:
    def __init__(self):
        self.now = float(START + random.randint(0, 86_400 * 30))

    def __call__(self):
        return self.now


def iso(seconds):
    return datetime.fromtimestamp(seconds, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def limit():
    return random.randint(2, 4)


@pytest.fixture
def app(clock, limit):
    return make_app(clock=clock, loan_limit=limit)


def sign_up(app, username):
    client = client_for(app)
    response = client.post("/accounts", json={"username": username, "password": "correct horse 42"})
    assert response.status == 201, f"POST /accounts should be 201, got {response.status} {response.text}"
    return client


@pytest.fixture
def desk(app):
    """The librarian (the first account)."""
    return sign_up(app, "desk")


def new_book(desk, copies):
    body = {"title": random.choice(["Tidewater", "Lamplight", "Northbound", "Kestrel"]), "author": "Uma Reyes",
            "year": random.randint(1990, 2024), "copies": copies}
    response = desk.post("/books", json=body)
    assert response.status == 201, response.text
    return response.json()["id"]


def new_member(desk):
    response = desk.post("/members", json={"name": "Uma Reyes", "email": f"uma{random.randint(1, 9999)}@example.org"})
    assert response.status == 201, response.text
    return response.json()["id"]


def available(desk, book_id):
    book = desk.get(f"/books/{book_id}").json()
    assert "available" in book, f"a book says how many copies are on the shelf: \"available\", got {book}"
    return book["available"]


def borrow(desk, member_id, book_ids):
    return desk.post("/loans", json={"member_id": member_id, "book_ids": book_ids})


def loans_of(desk, member_id):
    response = desk.get(f"/members/{member_id}/loans")
    assert response.status == 200, f"GET /members/{member_id}/loans should be 200, got {response.status} {response.text}"
    return response.json()["items"]


def test_borrowing_records_loans_and_takes_copies_off_the_shelf(desk, clock):
    copies = random.randint(2, 4)
    books = [new_book(desk, copies) for _ in range(2)]
    member = new_member(desk)
    assert available(desk, books[0]) == copies, "with no loans, every copy is available"
    response = borrow(desk, member, books)
    assert response.status == 201, f"POST /loans should be 201, got {response.status} {response.text}"
    loans = response.json()["loans"]
    assert [loan["book_id"] for loan in loans] == books and all(loan["member_id"] == member for loan in loans)
    for loan in loans:
        assert loan["borrowed_at"] == iso(clock.now), f"borrowed_at is the clock's time in UTC, {iso(clock.now)}"
        assert loan["due_at"] == iso(clock.now + timedelta(days=14).total_seconds()), "a loan is due 14 days later"
        assert loan["returned_at"] is None
        assert desk.get(f"/loans/{loan['id']}").json() == loan
    assert [available(desk, b) for b in books] == [copies - 1, copies - 1]
    assert [loan["id"] for loan in loans_of(desk, member)] == [loan["id"] for loan in loans]


def test_returning_puts_the_copy_back_once(desk, clock):
    book = new_book(desk, 1)
    loan = borrow(desk, new_member(desk), [book]).json()["loans"][0]
    assert available(desk, book) == 0
    clock.now += random.randint(60, 7 * 3600)  # within the librarian's 8-hour session
    response = desk.post(f"/loans/{loan['id']}/return")
    assert response.status == 200, f"returning a loan should be 200, got {response.status} {response.text}"
    assert response.json()["returned_at"] == iso(clock.now)
    assert available(desk, book) == 1
    again = desk.post(f"/loans/{loan['id']}/return")
    assert again.status == 409, f"returning the same loan twice is a conflict: 409, got {again.status}"
    assert available(desk, book) == 1, "a second return must not put a second copy on the shelf"
    assert desk.post(f"/loans/{loan['id'] + 100}/return").status == 404


def test_never_more_loans_than_copies(desk, limit):
    copies = random.randint(1, 3)
    book = new_book(desk, copies)
    for _ in range(copies):
        assert borrow(desk, new_member(desk), [book]).status == 201
    response = borrow(desk, new_member(desk), [book])
    assert response.status == 409, (
        f"all {copies} copies are out: lending one more is 409 Conflict, got {response.status} {response.text}"
    )
    assert available(desk, book) == 0


def test_a_member_has_at_most_the_loan_limit(desk, limit):
    member = new_member(desk)
    books = [new_book(desk, 2) for _ in range(limit + 1)]
    assert borrow(desk, member, books[: limit - 1]).status == 201
    response = borrow(desk, member, books[limit - 1:])
    assert response.status == 409, (
        f"the member has {limit - 1} loans and the limit is {limit} (make_app(loan_limit={limit})): two more is 409, "
        f"got {response.status}"
    )
    assert len(loans_of(desk, member)) == limit - 1, "a refused basket records no loan at all"
    assert available(desk, books[limit - 1]) == 2, (
        "the basket was refused, so not even its first book may leave the shelf: check everything, then write, "
        "in one transaction"
    )
    assert borrow(desk, member, [books[limit]]).status == 201, "one more is still within the limit"


def test_a_basket_is_all_or_nothing(desk, limit):
    member = new_member(desk)
    ok = [new_book(desk, 1) for _ in range(limit - 1)]
    gone = new_book(desk, 1)
    assert borrow(desk, new_member(desk), [gone]).status == 201
    basket = ok + [gone]
    response = borrow(desk, member, basket)
    assert response.status == 409, f"book {gone} has no copy left: the basket {basket} is refused, 409, got {response.status}"
    assert loans_of(desk, member) == [], (
        f"the basket {basket} was refused but {len(loans_of(desk, member))} of its loans were recorded: half a basket "
        "must never be written: one transaction, all or nothing"
    )
    assert [available(desk, b) for b in ok] == [1] * len(ok)


def test_a_failure_halfway_leaves_nothing_behind(db, clock):
    app = make_app(connection=db.connection, clock=clock, loan_limit=5)
    desk = sign_up(app, "desk")
    member = new_member(desk)
    books = [new_book(desk, 2) for _ in range(3)]
    failing = books[-1]
    # The database itself fails when the loan of the last book is written (a full disk, say).
    db.script(
        f"CREATE TRIGGER fail_on_purpose BEFORE INSERT ON loans WHEN NEW.book_id = {failing} "
        "BEGIN SELECT RAISE(ABORT, 'disk full (on purpose)'); END;"
    )
    response = borrow(desk, member, books)
    assert response.status >= 400, f"the database failed, so the request can't succeed (got {response.status})"
    assert db.query("SELECT book_id FROM loans") == [], (
        "writing the third loan failed, and the first two are still in the table: everything the request wrote must "
        "be rolled back together (one transaction, rollback on any exception)"
    )
    db.script("DROP TRIGGER fail_on_purpose")
    assert borrow(desk, member, books).status == 201, "after a failure the app keeps working (no transaction left open)"


@pytest.mark.parametrize(
    "body",
    [{"book_ids": [1]}, {"member_id": 1}, {"member_id": 1, "book_ids": []}, {"member_id": 1, "book_ids": [1, 1]},
     {"member_id": "1", "book_ids": [1]}, {"member_id": 1, "book_ids": ["1"]}, {"member_id": 1, "book_ids": 1},
     {"member_id": 1, "book_ids": list(range(1, 12))}, {"member_id": 99, "book_ids": [1]}, {"member_id": 1, "book_ids": [1, 99]}],
    ids=["no member", "no books", "empty basket", "same book twice", "member id as text", "book id as text",
         "not a list", "eleven books", "unknown member", "unknown book"],
)
def test_invalid_loans_are_422(desk, body):
    new_book(desk, 3)
    new_member(desk)
    response = desk.post("/loans", json=body)
    assert response.status == 422, f"{body} is not a loan the desk can make: 422, got {response.status} {response.text}"
    assert loans_of(desk, 1) == []


def test_only_librarians_lend(app, desk):
    book, member = new_book(desk, 2), new_member(desk)
    loan = borrow(desk, member, [book]).json()["loans"][0]
    reader = sign_up(app, "reader")
    stranger = client_for(app)
    for client, status in ((stranger, 401), (reader, 403)):
        assert borrow(client, member, [book]).status == status
        assert client.get(f"/loans/{loan['id']}").status == status
        assert client.post(f"/loans/{loan['id']}/return").status == status
        assert client.get(f"/members/{member}/loans").status == status
    assert available(desk, book) == 1


def test_copies_cannot_drop_below_the_loans(desk):
    book = new_book(desk, 3)
    for _ in range(2):
        borrow(desk, new_member(desk), [book])
    response = desk.patch(f"/books/{book}", json={"copies": 1})
    assert response.status == 409, f"2 copies are on loan: the book can't have 1 copy, 409, got {response.status}"
    assert desk.patch(f"/books/{book}", json={"copies": 2}).json()["available"] == 0


def test_what_is_on_loan_cannot_be_deleted(desk):
    book, member = new_book(desk, 1), new_member(desk)
    loan = borrow(desk, member, [book]).json()["loans"][0]
    assert desk.delete(f"/books/{book}").status == 409, "a book with a copy on loan can't be deleted: 409"
    assert desk.delete(f"/members/{member}").status == 409, "a member with a book on loan can't be deleted: 409"
    desk.post(f"/loans/{loan['id']}/return")
    assert desk.delete(f"/books/{book}").status == 204, "once returned, the book can go (its loan history with it)"
    assert desk.delete(f"/members/{member}").status == 204
