"""Stage 3: API keys, and links that belong to someone."""
import random
import sqlite3
import string

import pytest
from pydojo_harness.http_client import client_for

from shortlinks.app import make_app

NAMES = ["ada", "grace", "linus", "barbara", "ken", "margaret", "alan", "frances", "edsger", "radia"]


@pytest.fixture
def db_file(tmp_path):
    return str(tmp_path / "shortlinks.db")


@pytest.fixture
def client(db_file):
    return client_for(make_app(db_path=db_file))


def two_names():
    return random.sample(NAMES, 2)


def random_slug():
    return "".join(random.choices(string.ascii_letters + string.digits, k=random.randint(5, 10)))


def random_url():
    return f"https://example.com/{random_slug()}?n={random.randint(1, 10**6)}"


def new_key(client, owner):
    response = client.post("/keys", json={"owner": owner})
    assert response.status == 201, f'POST /keys {{"owner": "{owner}"}} should give 201, got {response.status}: {response.text}'
    body = response.json()
    assert body.get("owner") == owner, f'the answer names the owner: {{"owner": "{owner}", "key": ...}}, got {body}'
    key = body.get("key")
    assert isinstance(key, str) and len(key) >= 20, f"the key should be a random string of at least 20 characters, got {key!r}"
    return key


def auth(key):
    """Either way of sending a key must work."""
    return random.choice([{"Authorization": f"Bearer {key}"}, {"X-API-Key": key}])


def create(client, key=None, **body):
    response = client.post("/links", json=body, headers=auth(key) if key else {})
    assert response.status == 201, f"POST /links should give 201, got {response.status}: {response.text}"
    return response.json()


def assert_401(response, why):
    assert response.status == 401, f"{why}: expected 401 Unauthorized, got {response.status} {response.text}"
    assert response.headers.get("WWW-Authenticate", "").lower().startswith("bearer"), (
        "a 401 tells the client how to authenticate: WWW-Authenticate: Bearer ..."
    )
    assert "error" in response.json()


def test_a_key_per_owner(client):
    ada, bob = two_names()
    first, second = new_key(client, ada), new_key(client, bob)
    assert first != second, "every key must be a fresh random value"


def test_an_owner_name_is_taken_once(client):
    ada, _ = two_names()
    new_key(client, ada)
    response = client.post("/keys", json={"owner": ada})
    assert response.status == 409, (
        f"{ada!r} exists: without {ada}'s key, POST /keys must not hand out a key to her links (409), got {response.status}"
    )


@pytest.mark.parametrize("owner", [None, "", "ab", "Ada", "with space", "x" * 31, 7])
def test_a_bad_owner_is_400(client, owner):
    response = client.post("/keys", json={} if owner is None else {"owner": owner})
    assert response.status == 400, f"owner {owner!r} breaks the rule (3-30 of a-z 0-9 - _): expected 400, got {response.status}"


def test_a_link_created_with_a_key_belongs_to_its_owner(client):
    ada, _ = two_names()
    key = new_key(client, ada)
    body = create(client, key, url=random_url(), slug=random_slug())
    assert body.get("owner") == ada, f"a link created with {ada}'s key has \"owner\": \"{ada}\", got {body}"
    anonymous = create(client, url=random_url())
    assert anonymous.get("owner", "missing") is None, f'a link created without a key has "owner": null, got {anonymous}'


def test_each_owner_lists_only_their_own_links(client):
    ada, bob = two_names()
    keys = {ada: new_key(client, ada), bob: new_key(client, bob)}
    mine = {ada: [], bob: []}
    for _ in range(random.randint(4, 8)):
        owner = random.choice([ada, bob])
        mine[owner].append(create(client, keys[owner], url=random_url(), slug=random_slug())["slug"])
    create(client, url=random_url())  # anonymous: nobody's
    for owner in (ada, bob):
        response = client.get("/links", headers=auth(keys[owner]))
        assert response.status == 200, f"GET /links with {owner}'s key should give 200, got {response.status}"
        listed = [link.get("slug") for link in response.json()]
        assert listed == mine[owner], (
            f"GET /links lists only the caller's links, oldest first: {owner} should see {mine[owner]}, got {listed}"
        )


def test_listing_needs_a_valid_key(client):
    ada, _ = two_names()
    key = new_key(client, ada)
    assert_401(client.get("/links"), "GET /links without a key")
    assert_401(client.get("/links", headers={"X-API-Key": key[:-1] + ("A" if key[-1] != "A" else "B")}), "a key one character off")
    assert_401(client.get("/links", headers={"Authorization": f"Basic {key}"}), "an Authorization header that is not Bearer")


def test_a_wrong_key_is_401_even_where_keys_are_optional(client):
    response = client.post("/links", json={"url": random_url()}, headers=auth("not-a-real-key-" + random_slug()))
    assert_401(response, "POST /links with a key that does not exist must be refused, not treated as anonymous")


def test_the_owner_deletes_a_link(client):
    ada, _ = two_names()
    key = new_key(client, ada)
    slug = create(client, key, url=random_url(), slug=random_slug())["slug"]
    assert client.get(f"/{slug}").status == 302
    response = client.delete(f"/links/{slug}", headers=auth(key))
    assert response.status == 204, f"DELETE /links/{slug} by its owner should give 204 No Content, got {response.status}"
    assert client.get(f"/{slug}").status == 404, "a deleted link must stop redirecting"
    assert client.get("/links", headers=auth(key)).json() == [], "a deleted link is no longer listed"
    assert client.delete(f"/links/{slug}", headers=auth(key)).status == 404, "deleting it again: it no longer exists"


def test_nobody_else_deletes_a_link(client):
    ada, bob = two_names()
    ada_key, bob_key = new_key(client, ada), new_key(client, bob)
    slug = create(client, ada_key, url=random_url(), slug=random_slug())["slug"]
    anonymous = create(client, url=random_url())["slug"]
    for target in (slug, anonymous):
        response = client.delete(f"/links/{target}", headers=auth(bob_key))
        assert response.status == 403, (
            f"{bob} must not delete /links/{target}, which is not his: expected 403 Forbidden, got {response.status}. "
            "Check the owner, not only that there is a key"
        )
    assert_401(client.delete(f"/links/{slug}"), "DELETE without a key")
    assert client.get(f"/{slug}").status == 302, "the link must survive the refused deletes"
    assert client.delete(f"/links/{random_slug()}x", headers=auth(bob_key)).status == 404, (
        "DELETE of a slug that does not exist is 404 (checked before the owner)"
    )


def test_a_second_key_for_the_same_owner(client):
    ada, _ = two_names()
    first = new_key(client, ada)
    response = client.post("/keys", json={}, headers=auth(first))
    assert response.status == 201, f"POST /keys with {ada}'s key gives her one more key (201), got {response.status}"
    second = response.json().get("key")
    assert response.json().get("owner") == ada and second and second != first, (
        f'the answer is {{"owner": "{ada}", "key": "<a new key, not the one sent>"}}, got {response.text}'
    )
    slug = create(client, first, url=random_url(), slug=random_slug())["slug"]
    listed = [link["slug"] for link in client.get("/links", headers=auth(second)).json()]
    assert listed == [slug], f"both of {ada}'s keys see her links, got {listed}"


def test_keys_survive_a_restart_and_are_not_stored_as_given(db_file):
    ada, _ = two_names()
    client = client_for(make_app(db_path=db_file))
    key = new_key(client, ada)
    slug = create(client, key, url=random_url(), slug=random_slug())["slug"]
    restarted = client_for(make_app(db_path=db_file))
    assert [link["slug"] for link in restarted.get("/links", headers=auth(key)).json()] == [slug]
    connection = sqlite3.connect(db_file)
    stored = "\n".join(connection.iterdump())
    connection.close()
    assert key not in stored, (
        "the database holds the API key as it was given: store a hash of it (hashlib.sha256) and compare hashes, "
        "so a copy of the database opens nobody's links"
    )
