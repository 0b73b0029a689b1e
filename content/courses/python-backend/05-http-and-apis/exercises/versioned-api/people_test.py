import pytest
from pydojo_harness.http_client import client_for

import people

ADA_V2 = {"first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.org"}


@pytest.fixture
def client():
    """Each test talks to a new app with nobody in it."""
    return client_for(people.make_app())


def test_v2_create_and_read(client):
    response = client.post("/v2/people", json=ADA_V2)
    assert (response.status, response.headers.get("Location")) == (201, "/v2/people/1")
    assert response.json() == {"id": 1, **ADA_V2}
    assert client.get("/v2/people/1").json() == {"id": 1, **ADA_V2}


def test_v1_create_and_read(client):
    response = client.post("/v1/people", json={"name": "Ada Lovelace", "email": "ada@example.org"})
    assert (response.status, response.headers.get("Location")) == (201, "/v1/people/1")
    assert response.json() == {"id": 1, "name": "Ada Lovelace", "email": "ada@example.org"}


def test_v1_sees_people_made_with_v2(client):
    client.post("/v2/people", json=ADA_V2)
    assert client.get("/v1/people/1").json() == {"id": 1, "name": "Ada Lovelace", "email": "ada@example.org"}, (
        "v1 clients get exactly the v1 shape (id, name, email), never the fields v2 added"
    )


def test_v2_sees_people_made_with_v1(client):
    client.post("/v1/people", json={"name": "Grace Brewster Hopper", "email": "grace@navy.mil"})
    assert client.get("/v2/people/1").json() == {"id": 1, "first_name": "Grace", "last_name": "Brewster Hopper", "email": "grace@navy.mil"}, (
        "a v1 name is split at its first space: first name Grace, last name Brewster Hopper"
    )
    assert client.get("/v1/people/1").json()["name"] == "Grace Brewster Hopper"


def test_one_word_names(client):
    client.post("/v1/people", json={"name": "Plato", "email": "plato@academy.gr"})
    client.post("/v2/people", json={"first_name": "Socrates", "email": "s@agora.gr"})
    assert client.get("/v2/people/1").json()["last_name"] == ""
    assert client.get("/v1/people/2").json()["name"] == "Socrates", (
        "name is first and last name joined by one space, with no trailing space when the last name is empty"
    )


def test_ids_are_shared(client):
    client.post("/v1/people", json={"name": "A B", "email": "a@b"})
    response = client.post("/v2/people", json=ADA_V2)
    assert response.json()["id"] == 2


def test_v1_answers_are_marked_deprecated(client):
    for response in (
        client.post("/v1/people", json={"name": "Ada Lovelace", "email": "ada@example.org"}),
        client.get("/v1/people/1"),
        client.get("/v1/people/9"),
        client.post("/v1/people", json={}),
    ):
        assert response.headers.get("Deprecation") == "true", (
            f"v1 answered {response.status} without 'Deprecation: true': every v1 answer (errors too) carries it"
        )


def test_v2_answers_are_not_deprecated(client):
    assert client.post("/v2/people", json=ADA_V2).headers.get("Deprecation") is None
    assert client.get("/v2/people/1").headers.get("Deprecation") is None


@pytest.mark.parametrize(
    "path, body, fields",
    [
        ("/v2/people", {"last_name": "X", "email": "x@y"}, {"first_name": "required"}),
        ("/v2/people", {"first_name": " ", "email": ""}, {"first_name": "required", "email": "required"}),
        ("/v1/people", {"email": "x@y"}, {"name": "required"}),
        ("/v1/people", {"name": "Ada"}, {"email": "required"}),
        ("/v1/people", {"first_name": "Ada", "email": "x@y"}, {"name": "required"}),
    ],
)
def test_validation_per_version(client, path, body, fields):
    response = client.post(path, json=body)
    assert (response.status, response.json()) == (422, {"error": "validation failed", "fields": fields}), f"POST {path} {body}"


def test_unknown_person_is_404(client):
    for version in ("v1", "v2"):
        response = client.get(f"/{version}/people/7")
        assert (response.status, response.json()) == (404, {"error": "no person 7"})


@pytest.mark.parametrize("path", ["/v3/people", "/people/1", "/"])
def test_unknown_version_is_404_with_the_supported_ones(client, path):
    response = client.get(path)
    assert response.status == 404
    assert response.json() == {"error": "unknown API version", "supported": ["v1", "v2"]}, "tell the client which versions exist"
