"""Stage 4: accounts with hashed passwords, session cookies, and two roles (401 vs 403)."""

import hashlib
import hmac
import itertools
import random

import pytest
from pydojo_harness.http_client import client_for

from bookshelf.app import make_app
from bookshelf.passwords import hash_password, verify_password

FIRST = ["ada", "bo", "cyd", "dee", "eli", "fox", "gil", "hal"]


class FakeClock:
    def __init__(self):
        self.now = 1_800_000_000.0

    def __call__(self):
        return self.now


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def app(clock):
    return make_app(clock=clock)


NUMBERS = itertools.count(100)


def new_name():
    """A username no other account of the test has."""
    return f"{random.choice(FIRST)}_{next(NUMBERS)}"


def new_password():
    return "-".join(random.sample(["plum", "kite", "dune", "opal", "reef", "sage", "tusk", "wren"], 3))


def register(app, username=None, password=None):
    """A client logged in as a new account (registering logs in)."""
    client = client_for(app)
    username, password = username or new_name(), password or new_password()
    response = client.post("/accounts", json={"username": username, "password": password})
    assert response.status == 201, f"POST /accounts for {username!r} should be 201, got {response.status} {response.text}"
    assert client.cookies.get("session"), "registering logs the new account in: it sets the session cookie"
    return client, response.json()


def random_book():
    return {"title": random.choice(["Opal Reef", "Sage", "Dune Kite"]), "author": "Vera Holm", "year": random.randint(1980, 2020)}


def test_the_first_account_is_the_librarian_and_the_rest_are_members(app):
    first_name, second_name = new_name(), new_name() + "x"
    _, first = register(app, first_name)
    _, second = register(app, second_name)
    assert first == {"username": first_name, "role": "librarian"}, (
        "a new library has nobody to appoint its first librarian: the first account is the librarian"
    )
    assert second == {"username": second_name, "role": "member"}, "every later account is a member"


def test_the_session_cookie_is_httponly(app):
    client = client_for(app)
    response = client.post("/accounts", json={"username": new_name(), "password": new_password()})
    cookie = next((c for c in response.headers.get_all("Set-Cookie") if c.startswith("session=")), "")
    assert cookie, f"registering should set a cookie named session, got {response.headers.get_all('Set-Cookie')}"
    flags = [part.strip().lower() for part in cookie.split(";")]
    assert "httponly" in flags, "the session cookie needs HttpOnly, so that a script injected into a page can't read it"
    assert "samesite=lax" in flags or "samesite=strict" in flags, "the session cookie needs SameSite=Lax (or Strict)"


@pytest.mark.parametrize(
    "body",
    [{"username": "ab", "password": "long enough"}, {"username": "Has Space", "password": "long enough"},
     {"username": "ok_name", "password": "short"}, {"username": "ok_name"}, {"username": 12345, "password": "long enough"}],
    ids=["short name", "bad characters", "short password", "no password", "name not text"],
)
def test_invalid_registrations_are_422(app, body):
    response = client_for(app).post("/accounts", json=body)
    assert response.status == 422, f"{body} should be refused with 422, got {response.status}"


def test_a_taken_username_is_409(app):
    name = new_name()
    register(app, name)
    response = client_for(app).post("/accounts", json={"username": name, "password": new_password()})
    assert response.status == 409, f"a second account named {name!r} is a conflict: 409, got {response.status}"


def test_login_me_and_logout(app):
    name, password = new_name(), new_password()
    register(app, name, password)
    client = client_for(app)
    assert client.get("/me").status == 401, "GET /me without a session is 401"
    response = client.post("/login", json={"username": name, "password": password})
    assert response.status == 200, f"logging in with the right password should be 200, got {response.status} {response.text}"
    assert client.get("/me").json() == {"username": name, "role": "librarian"}
    token = client.cookies["session"]
    assert client.post("/logout").status == 204
    assert client.get("/me").status == 401, "after logout the session is over"
    client.cookies["session"] = token  # someone kept a copy of the cookie
    assert client.get("/me").status == 401, (
        "a session must end on the server at logout: deleting the cookie in the browser is not enough, a copy of "
        "the old cookie must no longer work"
    )


def test_a_wrong_password_and_an_unknown_user_look_the_same(app):
    name = new_name()
    register(app, name)
    wrong = client_for(app).post("/login", json={"username": name, "password": "not the password"})
    unknown = client_for(app).post("/login", json={"username": name + "zz", "password": "not the password"})
    assert wrong.status == 401 and unknown.status == 401, f"a failed login is 401 (got {wrong.status} and {unknown.status})"
    assert wrong.json() == unknown.json(), (
        "a wrong password and an unknown user must get the same answer, or the login tells anyone which names exist"
    )
    assert "session" not in wrong.headers.get("Set-Cookie", ""), "a failed login starts no session"


def test_401_for_strangers_403_for_members_201_for_librarians(app):
    librarian, _ = register(app)
    member, _ = register(app)
    stranger = client_for(app)
    book = random_book()
    assert stranger.post("/books", json=book).status == 401, "no session at all: 401 Unauthorized (log in first)"
    denied = member.post("/books", json=book)
    assert denied.status == 403, (
        f"a member is logged in but may not add books: 403 Forbidden, not 401 (logging in again won't help), got {denied.status}"
    )
    created = librarian.post("/books", json=book)
    assert created.status == 201
    book_id = created.json()["id"]
    for client, status in ((stranger, 401), (member, 403)):
        for method, body in (("PUT", book), ("PATCH", {"year": 2001}), ("DELETE", None)):
            response = client.request(method, f"/books/{book_id}", json=body) if body else client.request(method, f"/books/{book_id}")
            assert response.status == status, f"{method} /books/{book_id} by a {'member' if status == 403 else 'stranger'}: {status}, got {response.status}"
    assert stranger.get(f"/books/{book_id}").json() == created.json(), "the catalogue itself is public: anyone may read it"
    assert stranger.get("/books").status == 200


def test_member_data_is_for_librarians_only(app):
    librarian, _ = register(app)
    member, _ = register(app)
    created = librarian.post("/members", json={"name": "Vera Holm", "email": f"vera{random.randint(1, 99)}@example.org"})
    assert created.status == 201
    path = f"/members/{created.json()['id']}"
    for target in ("/members", path):
        assert client_for(app).get(target).status == 401, f"GET {target} without a session: 401"
        assert member.get(target).status == 403, f"GET {target} by a member: 403 (names and emails are personal data)"
        assert librarian.get(target).status == 200


def test_authentication_comes_before_everything_else(app):
    register(app)
    stranger = client_for(app)
    missing = random.randint(500, 900)
    assert stranger.delete(f"/books/{missing}").status == 401, (
        "a stranger deleting a book that doesn't exist gets 401, not 404: check who is asking first"
    )
    assert stranger.post("/books", body="{broken", headers={"Content-Type": "application/json"}).status == 401


def test_sessions_expire_after_8_hours(app, clock):
    client, _ = register(app)
    clock.now += 8 * 3600 - 1
    assert client.get("/me").status == 200, "a session is good for 8 hours"
    clock.now += 1
    assert client.get("/me").status == 401, "a session is refused 8 hours after login (by the clock given to make_app)"


def test_a_forged_or_altered_cookie_is_401(app):
    client, _ = register(app)
    token = client.cookies["session"]
    for forged in ("1", "librarian", token[:-1] + ("A" if token[-1] != "A" else "B"), token[::-1]):
        client.cookies["session"] = forged
        assert client.get("/me").status == 401, f"the cookie session={forged!r} is not a session this server started: 401"


def all_cells(db):
    for table in db.tables():
        for row in db.query(f'SELECT * FROM "{table}"'):
            yield from (str(cell) for cell in row)


def test_passwords_and_session_tokens_are_not_stored_as_they_are(db):
    app = make_app(connection=db.connection)
    password = new_password() + str(random.randint(10, 99))
    client, _ = register(app, new_name(), password)
    token = client.cookies["session"]
    cells = list(all_cells(db))
    assert not [c for c in cells if password in c], (
        "the password is in the database as typed: store a salted, slow hash (bookshelf.passwords.hash_password)"
    )
    assert not [c for c in cells if token in c], (
        "the session token is in the database as it is: store its SHA-256, so that a copy of the database "
        "doesn't hand out working sessions"
    )


def pbkdf2(password, salt, iterations):
    if hasattr(hashlib, "pbkdf2_hmac"):
        return hashlib.pbkdf2_hmac("sha256", password, salt, iterations)
    block = hmac.new(password, salt + b"\x00\x00\x00\x01", "sha256").digest()
    total = int.from_bytes(block, "big")
    for _ in range(iterations - 1):
        block = hmac.new(password, block, "sha256").digest()
        total ^= int.from_bytes(block, "big")
    return total.to_bytes(32, "big")


def test_hash_password_is_salted_pbkdf2():
    password = new_password()
    stored = hash_password(password)
    parts = stored.split("$")
    assert len(parts) == 4 and parts[0] == "pbkdf2_sha256", (
        f"a hash looks like pbkdf2_sha256$<iterations>$<salt hex>$<key hex>, got {stored!r}"
    )
    iterations, salt, key = int(parts[1]), bytes.fromhex(parts[2]), parts[3]
    assert iterations >= 1000, f"at least 1000 iterations (got {iterations})"
    assert len(salt) >= 16, "the salt is at least 16 random bytes"
    assert pbkdf2(password.encode(), salt, iterations).hex() == key, (
        "the key must be PBKDF2-HMAC-SHA256 of the password with this salt and iteration count (kdf.pbkdf2_sha256)"
    )
    again = hash_password(password)
    assert again != stored, "hashing the same password twice gives two hashes: each gets its own random salt"
    assert verify_password(password, stored) and verify_password(password, again)
    assert not verify_password(password + "x", stored), "verify_password must refuse another password"
