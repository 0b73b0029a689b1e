import ast

import pytest
from pydojo_harness import analyzers
from pydojo_harness.http_client import client_for

import accounts_api

KEY = b"accounts-api-test-key-0123456789"


@analyzers.add_check
def passwords_and_signatures(tree, source):
    if not any(isinstance(n, ast.FunctionDef) and n.name == "make_app" for n in ast.walk(tree)):
        return  # another file (kdf.py)
    called = {getattr(n.func, "attr", None) or getattr(n.func, "id", None) for n in ast.walk(tree) if isinstance(n, ast.Call)}
    if "pbkdf2_sha256" not in called:
        yield {"id": "password-hashing", "severity": "essential", "line": None,
               "message": "passwords must be stored as salted, slow hashes made with kdf.pbkdf2_sha256 (see "
                          "password-hashing), never as they were typed or with a fast hash"}
    if "compare_digest" not in called:
        yield {"id": "compare-digest", "severity": "essential", "line": None,
               "message": "compare password hashes and token signatures with hmac.compare_digest, not =="}
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare) and any(isinstance(op, (ast.Eq, ast.NotEq)) for op in node.ops):
            text = (ast.get_source_segment(source, node) or "").lower()
            if any(word in text for word in ("signature", "password", "hash", "digest")) and not any(
                isinstance(side, ast.Constant) for side in [node.left, *node.comparators]
            ):
                yield {"id": "compare-digest", "severity": "essential", "line": node.lineno,
                       "message": "a secret is compared with == or != here: use hmac.compare_digest"}


class FakeClock:
    def __init__(self):
        self.now = 1_700_000_000.0

    def __call__(self):
        return self.now

    def advance(self, seconds):
        self.now += seconds


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def client(clock):
    return client_for(accounts_api.make_app(KEY, clock, admins=("root",)))


def sign_up(client, name, password="long enough pw"):
    response = client.post("/signup", json={"username": name, "password": password})
    assert response.status == 201, f"signing up {name!r} should give 201, got {response.status} {response.text}"
    return response


def log_in(client, name, password="long enough pw"):
    response = client.post("/login", json={"username": name, "password": password})
    assert response.status == 200, f"logging in as {name!r} should give 200, got {response.status} {response.text}"
    token = response.json().get("token")
    assert isinstance(token, str) and token, f"login must answer {{\"token\": ...}}, got {response.text}"
    return {"Authorization": f"Bearer {token}"}


def account(client, name):
    sign_up(client, name)
    return log_in(client, name)


def test_sign_up_and_who_am_i(client):
    assert sign_up(client, "ada").json() == {"username": "ada", "role": "user"}
    assert client.get("/me", headers=log_in(client, "ada")).json() == {"username": "ada", "role": "user"}


@pytest.mark.parametrize(
    "body",
    [{"username": "ab", "password": "long enough pw"}, {"username": "Ada!", "password": "long enough pw"},
     {"username": "ada", "password": "short"}, {"username": "ada"}, {"password": "long enough pw"}, {"username": 7, "password": "long enough pw"}],
    ids=["short name", "bad characters", "short password", "no password", "no name", "name not a string"],
)
def test_invalid_sign_ups_are_422(client, body):
    response = client.post("/signup", json=body)
    assert response.status == 422, f"{body} should be refused with 422, got {response.status}"
    assert "error" in response.json()


def test_a_taken_name_is_409(client):
    sign_up(client, "ada")
    assert client.post("/signup", json={"username": "ada", "password": "another password"}).status == 409


def test_bad_json_is_400(client):
    assert client.post("/signup", body="{nope", headers={"Content-Type": "application/json"}).status == 400
    assert client.post("/login", json=["ada"]).status == 400


def test_a_wrong_password_and_an_unknown_user_look_the_same(client):
    sign_up(client, "ada")
    wrong = client.post("/login", json={"username": "ada", "password": "not the password"})
    unknown = client.post("/login", json={"username": "nobody", "password": "not the password"})
    assert wrong.status == 401 and unknown.status == 401
    assert wrong.json() == unknown.json(), (
        "a wrong password and an unknown user must get the same answer, or the login form tells anyone which "
        "user names exist"
    )


def test_passwords_never_come_back(client):
    password = "my secret passphrase"
    texts = [sign_up(client, "ada", password).text]
    headers = log_in(client, "ada", password)
    texts.append(client.get("/me", headers=headers).text)
    for text in texts:
        assert password not in text and "pbkdf2" not in text, f"a response shows the password or its hash: {text}"


def flip(token, index):
    """The token with one character changed."""
    return token[:index] + ("A" if token[index] != "A" else "B") + token[index + 1:]


def test_without_a_valid_token_it_is_401(client):
    headers = account(client, "ada")
    token = headers["Authorization"].split(" ", 1)[1]
    bad = [{}, {"Authorization": "Bearer nonsense"}, {"Authorization": token}, {"Authorization": f"Bearer {token[:-6]}"}]
    bad += [{"Authorization": f"Bearer {flip(token, i)}"} for i in (0, 3, len(token) // 2, len(token) - 5)]
    for headers in bad:
        response = client.get("/me", headers=headers)
        assert response.status == 401, (
            f"/me with {headers} must be 401 (got {response.status}): only a token this server signed, unchanged, counts"
        )


def test_a_token_of_another_server_is_401(clock):
    ours = client_for(accounts_api.make_app(KEY, clock))
    theirs = client_for(accounts_api.make_app(b"another key entirely", clock))
    sign_up(ours, "ada")
    headers = account(theirs, "ada")
    assert ours.get("/me", headers=headers).status == 401, "a token signed with another key must be refused"


def test_a_token_expires_after_an_hour(client, clock):
    headers = account(client, "ada")
    clock.advance(3599)
    assert client.get("/me", headers=headers).status == 200
    clock.advance(1)
    response = client.get("/me", headers=headers)
    assert response.status == 401, f"a token must be refused 3600 s after login (got {response.status}): check exp against clock()"


def test_notes_belong_to_their_owner(client):
    ada, bob = account(client, "ada"), account(client, "bob")
    created = client.post("/notes", json={"text": "ada's plan"}, headers=ada)
    assert created.status == 201
    note = created.json()
    assert note == {"id": note["id"], "owner": "ada", "text": "ada's plan"}
    client.post("/notes", json={"text": "bob's list"}, headers=bob)
    assert [n["text"] for n in client.get("/notes", headers=ada).json()] == ["ada's plan"]
    assert client.get(f"/notes/{note['id']}", headers=ada).json() == note
    for method in ("get", "delete"):
        response = getattr(client, method)(f"/notes/{note['id']}", headers=bob)
        assert response.status == 404, (
            f"bob's {method.upper()} of ada's note must be 404, like a missing note (got {response.status}): check the "
            "owner, not only the login"
        )
    assert client.get(f"/notes/{note['id']}", headers=ada).status == 200, "ada's note must still be there"


def test_an_owner_deletes_a_note(client):
    ada = account(client, "ada")
    note = client.post("/notes", json={"text": "temp"}, headers=ada).json()
    assert client.delete(f"/notes/{note['id']}", headers=ada).status == 204
    assert client.get(f"/notes/{note['id']}", headers=ada).status == 404


def test_invalid_notes(client):
    ada = account(client, "ada")
    for body in [{}, {"text": ""}, {"text": 5}, {"text": "x" * 1001}]:
        assert client.post("/notes", json=body, headers=ada).status == 422, body


def test_admins(client):
    root, ada = account(client, "root"), account(client, "ada")
    assert client.get("/me", headers=root).json() == {"username": "root", "role": "admin"}
    response = client.get("/users", headers=ada)
    assert response.status == 403, f"a user who isn't an admin must get 403 for /users, got {response.status}"
    assert client.get("/users", headers=root).json() == [{"username": "ada", "role": "user"}, {"username": "root", "role": "admin"}]
    note = client.post("/notes", json={"text": "ada's"}, headers=ada).json()
    assert client.get(f"/notes/{note['id']}", headers=root).status == 200, "an admin may read any note"
    assert client.delete(f"/notes/{note['id']}", headers=root).status == 204, "an admin may delete any note"


def test_password_guessing_is_rate_limited(client, clock):
    sign_up(client, "ada", "the real password")
    for attempt in range(5):
        assert client.post("/login", json={"username": "ada", "password": f"guess {attempt}"}).status == 401
    response = client.post("/login", json={"username": "ada", "password": "the real password"})
    assert response.status == 429, (
        f"after 5 wrong passwords for ada, the next login must be 429 Too Many Requests, even with the right "
        f"password (got {response.status}): otherwise an attacker can guess forever"
    )
    clock.advance(60)
    assert client.post("/login", json={"username": "ada", "password": "the real password"}).status == 200, (
        "one attempt comes back every 60 s"
    )


def test_rate_limits_are_per_user_name(client):
    sign_up(client, "ada")
    sign_up(client, "bob")
    for attempt in range(6):
        client.post("/login", json={"username": "ada", "password": f"guess {attempt}"})
    log_in(client, "bob")


def test_hashed_and_compared_safely():
    analyzers.assert_no_comments("essential", ids=["password-hashing", "compare-digest"])
