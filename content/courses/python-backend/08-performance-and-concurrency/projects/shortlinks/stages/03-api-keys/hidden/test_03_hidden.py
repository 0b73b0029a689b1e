"""Stage 3, other inputs."""
import random

import pytest
from pydojo_harness.http_client import client_for

from shortlinks.app import make_app


@pytest.fixture
def client(tmp_path):
    return client_for(make_app(db_path=str(tmp_path / "k.db")))


def key_for(client, owner):
    response = client.post("/keys", json={"owner": owner})
    assert response.status == 201, response.text
    return response.json()["key"]


def test_three_owners_and_generated_slugs(client):
    owners = [f"user-{i}_{random.randint(10, 99)}" for i in range(3)]
    keys = {o: key_for(client, o) for o in owners}
    made = {o: [] for o in owners}
    for _ in range(9):
        o = random.choice(owners)
        response = client.post("/links", json={"url": "https://example.com/x"}, headers={"X-API-Key": keys[o]})
        assert response.status == 201, f"POST /links with {o}'s key should give 201, got {response.status}: {response.text}"
        made[o].append(response.json()["slug"])
    for o in owners:
        got = [link["slug"] for link in client.get("/links", headers={"authorization": f"bearer {keys[o]}"}).json()]
        assert got == made[o], (
            f"GET /links (lower-case authorization: bearer ...) lists {o}'s links, oldest first: expected {made[o]}, got {got}"
        )


def test_a_key_may_not_ask_keys_for_someone_else(client):
    ada = key_for(client, "ada")
    key_for(client, "bob")
    response = client.post("/keys", json={"owner": "bob"}, headers={"Authorization": f"Bearer {ada}"})
    assert response.status in (403, 409), (
        f'POST /keys {{"owner": "bob"}} sent with ada\'s key must be refused (403): a key only gets more keys for '
        f"its own owner, got {response.status} {response.text}"
    )


def test_delete_an_anonymous_link_needs_a_key(client):
    slug = client.post("/links", json={"url": "https://example.com/"}).json()["slug"]
    response = client.delete(f"/links/{slug}")
    assert response.status == 401, f"DELETE /links/{slug} without a key: expected 401, got {response.status}"
    key = key_for(client, "carol")
    response = client.delete(f"/links/{slug}", headers={"X-API-Key": key})
    assert response.status == 403, (
        f"/{slug} is anonymous (nobody's): carol may not delete it, expected 403, got {response.status}"
    )


@pytest.mark.parametrize("header", [{"Authorization": "Bearer"}, {"Authorization": "Bearer "}, {"Authorization": "Token abc"},
                                    {"X-API-Key": ""}])
def test_malformed_credentials(client, header):
    response = client.get("/links", headers=header)
    assert response.status == 401, (
        f"GET /links with {header} carries no usable key: expected 401, got {response.status} {response.text}"
    )


def test_an_owner_with_no_links_lists_nothing(client):
    key = key_for(client, "dora")
    client.post("/links", json={"url": "https://example.com/"})
    response = client.get("/links", headers={"X-API-Key": key})
    assert (response.status, response.json()) == (200, []), (
        f"an owner without links gets 200 and an empty list (the anonymous link is nobody's), got {response.status} {response.text}"
    )
