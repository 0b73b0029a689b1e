import pytest
from pydojo_harness.http_client import client_for

import quotes


@pytest.fixture
def client():
    quotes.reset()
    return client_for(quotes.app)


def add(client, text, author):
    return client.post("/quotes", json={"text": text, "author": author})


def test_create_and_read(client):
    response = add(client, "Simple is better than complex.", "Tim Peters")
    assert (response.status, response.headers.get("Location")) == (201, "/quotes/1")
    quote = {"id": 1, "text": "Simple is better than complex.", "author": "Tim Peters"}
    assert response.json() == quote
    assert client.get("/quotes/1").json() == quote


def test_list_and_filter_by_author(client):
    add(client, "a", "Ada")
    add(client, "b", "Grace")
    add(client, "c", "Ada")
    assert [q["text"] for q in client.get("/quotes").json()] == ["a", "b", "c"]
    assert [q["text"] for q in client.get("/quotes?author=Ada").json()] == ["a", "c"]
    assert client.get("/quotes?author=Nobody").json() == []


@pytest.mark.parametrize("body", [{"text": "x"}, {"author": "x"}, {"text": " ", "author": "x"}, {"text": "x", "author": 5}, ["x"]])
def test_invalid_quote_is_422(client, body):
    response = client.post("/quotes", json=body)
    assert (response.status, response.json()) == (422, {"error": "text and author are required"})


def test_not_json_is_400(client):
    response = client.post("/quotes", body="text=hi", headers={"Content-Type": "application/json"})
    assert response.status == 400


def test_delete_and_404(client):
    add(client, "a", "Ada")
    assert client.delete("/quotes/1").status == 204
    for response in (client.get("/quotes/1"), client.delete("/quotes/1"), client.get("/quotes/99")):
        assert response.status == 404
    assert client.get("/quotes/1").json() == {"error": "no quote 1"}


def test_ids_are_never_reused(client):
    add(client, "a", "Ada")
    add(client, "b", "Ada")
    client.delete("/quotes/1")
    response = add(client, "c", "Ada")
    assert response.json()["id"] == 3, "ids are never reused: after deleting 1 of 2 quotes, the next id is 3 (len + 1 would give 2 again)"
    assert client.get("/quotes/2").json()["text"] == "b"


def test_wrong_method(client):
    response = client.delete("/quotes")
    assert (response.status, response.headers.get("Allow")) == (405, "GET, POST")
