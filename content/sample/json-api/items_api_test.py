import pytest
from pydojo_harness.http_client import client_for

import items_api


@pytest.fixture
def client():
    """Each test talks to a new app with an empty list."""
    return client_for(items_api.make_app())


def test_empty_list(client):
    response = client.get("/items")
    assert response.status == 200
    assert response.headers["Content-Type"] == "application/json"
    assert response.json() == []


def test_create_returns_201_with_location(client):
    response = client.post("/items", json={"title": "Buy milk"})
    assert response.status == 201
    assert response.headers["Location"] == "/items/1"
    assert response.json() == {"id": 1, "title": "Buy milk", "done": False}


def test_created_items_are_listed_and_found(client):
    client.post("/items", json={"title": "Buy milk"})
    client.post("/items", json={"title": "  Call Ada  ", "done": True})
    assert client.get("/items").json() == [
        {"id": 1, "title": "Buy milk", "done": False},
        {"id": 2, "title": "Call Ada", "done": True},
    ]
    assert client.get("/items/2").json() == {"id": 2, "title": "Call Ada", "done": True}


def test_bad_json_is_400(client):
    response = client.post("/items", body="{title: milk}", headers={"Content-Type": "application/json"})
    assert response.status == 400
    assert response.json() == {"error": "the body is not valid JSON"}


@pytest.mark.parametrize(
    "body, fields",
    [
        ({}, {"title": "required"}),
        ({"title": 7}, {"title": "must be a string"}),
        ({"title": "   "}, {"title": "must be 1 to 100 characters"}),
        ({"title": "x" * 101}, {"title": "must be 1 to 100 characters"}),
        ({"title": "ok", "done": "yes"}, {"done": "must be true or false"}),
        ({"title": "ok", "owner": "ada"}, {"owner": "unknown field"}),
        ({"done": 1}, {"title": "required", "done": "must be true or false"}),
    ],
    ids=["missing title", "title not a string", "blank title", "long title", "done not a bool", "unknown field", "two errors"],
)
def test_invalid_item_is_422_naming_each_field(client, body, fields):
    response = client.post("/items", json=body)
    assert response.status == 422
    assert response.json() == {"error": "validation failed", "fields": fields}
    assert client.get("/items").json() == []


def test_not_an_object_is_422(client):
    response = client.post("/items", json=["Buy milk"])
    assert response.status == 422
    assert response.json() == {"error": "the body must be a JSON object"}


def test_duplicate_title_is_409(client):
    client.post("/items", json={"title": "Buy milk"})
    response = client.post("/items", json={"title": "Buy milk "})
    assert response.status == 409
    assert response.json() == {"error": "an item titled 'Buy milk' already exists"}


def test_missing_item_is_404(client):
    response = client.get("/items/9")
    assert response.status == 404
    assert response.json() == {"error": "no item 9"}


def test_delete_is_204_then_404(client):
    client.post("/items", json={"title": "Buy milk"})
    response = client.delete("/items/1")
    assert response.status == 204
    assert response.body == b""
    assert client.get("/items/1").status == 404
    assert client.delete("/items/1").status == 404


def test_unknown_path_and_method(client):
    assert client.get("/users").status == 404
    response = client.put("/items", json={})
    assert response.status == 405
    assert "POST" in response.headers["Allow"]
