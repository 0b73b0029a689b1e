import ast
from http.cookies import SimpleCookie

import pytest
from pydojo_harness import analyzers
from pydojo_harness.http_client import Client

import bank

PASSWORDS = {"ada": "correct horse", "bo": "battery staple", "eve": "mallory"}
BALANCES = {"ada": 100, "bo": 50, "eve": 10}


@analyzers.add_check
def token_compared_with_compare_digest(tree, source):
    """A CSRF token (or a password) compared with == leaks, through timing, how much of a guess is right."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare) and any(isinstance(op, (ast.Eq, ast.NotEq)) for op in node.ops):
            sides = [node.left, *node.comparators]
            if any(isinstance(side, ast.Constant) for side in sides):
                continue
            text = (ast.get_source_segment(source, node) or "").lower()
            if "csrf" in text or "token" in text or "password" in text:
                yield {"id": "compare-digest", "severity": "essential", "line": node.lineno,
                       "message": "a secret (a CSRF token or a password) is compared with == or != here: use "
                                  "hmac.compare_digest, whose time doesn't depend on how much of a guess is right"}


def browser():
    """A client for a fresh bank, over https (a Secure cookie is only sent over https)."""
    return Client(bank.make_app(PASSWORDS, BALANCES), scheme="https")


def log_in(client, user="ada"):
    response = client.post("/login", data={"username": user, "password": PASSWORDS[user]})
    assert response.status == 200, f"logging in as {user} should work: {response.status} {response.text}"
    return response


def session_cookie(response):
    values = response.headers.get_all("Set-Cookie")
    for value in values:
        jar = SimpleCookie()
        jar.load(value)
        if "session" in jar:
            return jar["session"]
    pytest.fail(f"login must set a cookie named 'session'; Set-Cookie headers: {values}")


@pytest.fixture
def ada():
    client = browser()
    token = log_in(client).json().get("csrf_token")
    assert isinstance(token, str) and len(token) >= 32, (
        f"login must answer {{\"csrf_token\": ...}} with a random token of at least 32 characters, got {token!r}"
    )
    return client, token


def test_a_wrong_password_gets_no_session():
    client = browser()
    response = client.post("/login", data={"username": "ada", "password": "guess"})
    assert response.status == 401
    assert "session" not in client.cookies


def test_the_session_cookie_flags():
    cookie = session_cookie(log_in(browser()))
    assert cookie["httponly"], "the session cookie must be HttpOnly: scripts on the page (an XSS) can't read it then"
    assert cookie["secure"], "the session cookie must be Secure: sent over https only"
    assert cookie["samesite"].lower() in ("lax", "strict"), (
        f"the session cookie must say SameSite=Lax (or Strict), got {cookie['samesite']!r}: then the browser does "
        "not send it with a POST from another site, which stops most CSRF before your code even runs"
    )
    assert cookie["path"] == "/"


def test_a_transfer_with_the_token(ada):
    client, token = ada
    response = client.post("/transfer", data={"to": "bo", "amount": "30", "csrf_token": token})
    assert response.status == 200, response.text
    assert client.get("/balance").json() == {"balance": 70}


def test_the_token_may_come_in_a_header(ada):
    client, token = ada
    response = client.post("/transfer", data={"to": "bo", "amount": "5"}, headers={"X-CSRF-Token": token})
    assert response.status == 200, response.text
    assert client.get("/balance").json() == {"balance": 95}


def test_a_forged_form_without_a_token_is_refused(ada):
    client, _ = ada
    # evil.example's page posts a hidden form to the bank; the browser attaches ada's cookie.
    response = client.post("/transfer", data={"to": "eve", "amount": "100"})
    assert response.status == 403, (
        f"a transfer without a CSRF token must be refused with 403 (got {response.status}): the session cookie "
        "alone proves only that the browser is ada's, not that ada's own page sent the form"
    )
    assert response.json() == {"error": "CSRF token missing or wrong"}
    assert client.get("/balance").json() == {"balance": 100}


@pytest.mark.parametrize("token", ["", "guess", "x" * 43], ids=["empty", "a guess", "right length"])
def test_a_wrong_token_is_refused(ada, token):
    client, _ = ada
    response = client.post("/transfer", data={"to": "eve", "amount": "100", "csrf_token": token})
    assert response.status == 403
    assert client.get("/balance").json() == {"balance": 100}


def test_another_users_token_is_refused():
    app = bank.make_app(PASSWORDS, BALANCES)
    ada, eve = Client(app, scheme="https"), Client(app, scheme="https")
    log_in(ada)
    eves_token = log_in(eve, "eve").json()["csrf_token"]   # eve logs in as herself and reads her own token
    response = ada.post("/transfer", data={"to": "eve", "amount": "100", "csrf_token": eves_token})
    assert response.status == 403, (
        "a transfer in ada's session was accepted with eve's CSRF token: the token must belong to the session "
        "that sends it, otherwise an attacker just puts their own in the forged form"
    )
    assert ada.get("/balance").json() == {"balance": 100}


def test_a_token_does_not_outlive_its_session(ada):
    client, token = ada
    client.post("/logout")
    assert client.get("/balance").status == 401
    log_in(client)
    response = client.post("/transfer", data={"to": "bo", "amount": "1", "csrf_token": token})
    assert response.status == 403, "the token of a session that was logged out must not work in the next one"


def test_transfers_are_never_made_by_get(ada):
    client, token = ada
    response = client.get(f"/transfer?to=eve&amount=100&csrf_token={token}")
    assert response.status == 405
    assert client.get("/balance").json() == {"balance": 100}


def test_invalid_transfers(ada):
    client, token = ada
    for fields in [{"to": "bo", "amount": "101"}, {"to": "bo", "amount": "-5"}, {"to": "zed", "amount": "1"}, {"to": "bo", "amount": "x"}]:
        assert client.post("/transfer", data={**fields, "csrf_token": token}).status == 400, fields
    assert client.get("/balance").json() == {"balance": 100}


def test_compared_with_compare_digest():
    analyzers.assert_no_comments("essential", ids=["compare-digest"])
