import pytest
from pydojo_harness.http_client import client_for

import cart_api


@pytest.fixture
def client():
    """Each test talks to a new app with empty carts."""
    return client_for(cart_api.make_app())


def put(client, sku, quantity, cart="c1"):
    return client.put(f"/carts/{cart}/items/{sku}", json={"quantity": quantity})


def test_first_put_is_201(client):
    response = put(client, "mug", 2)
    assert response.status == 201
    assert response.headers.get("Location") == "/carts/c1/items/mug"
    assert response.json() == {"sku": "mug", "quantity": 2}


def test_a_retried_put_changes_nothing(client):
    put(client, "mug", 2)
    retry = put(client, "mug", 2)
    cart = client.get("/carts/c1").json()
    assert cart == {"items": [{"sku": "mug", "quantity": 2}], "count": 2}, (
        "PUT sets the quantity: sending the same PUT twice must leave the same state as sending it once"
    )
    assert retry.status == 200, f"a PUT that replaces an existing quantity answers 200 OK, not {retry.status}: nothing new was created"


def test_many_retries(client):
    for _ in range(5):
        put(client, "tea", 3)
    assert client.get("/carts/c1").json() == {"items": [{"sku": "tea", "quantity": 3}], "count": 3}, (
        "PUT sets the quantity: sending the same PUT twice must leave the same state as sending it once"
    )


def test_put_replaces_the_quantity(client):
    put(client, "mug", 2)
    response = put(client, "mug", 5)
    assert (response.status, response.json()) == (200, {"sku": "mug", "quantity": 5}), (
        "a PUT that replaces an existing quantity answers 200 OK with the new quantity"
    )
    assert client.get("/carts/c1").json() == {"items": [{"sku": "mug", "quantity": 5}], "count": 5}


def test_delete_after_a_retry_removes_the_product(client):
    put(client, "mug", 2)
    put(client, "mug", 2)
    response = client.delete("/carts/c1/items/mug")
    assert response.status == 204
    assert client.get("/carts/c1").json() == {"items": [], "count": 0}, (
        "DELETE must remove the product, however many times it was PUT: the cart itself must hold it once"
    )
    assert client.delete("/carts/c1/items/mug").status == 404, "the product is gone, so a second DELETE is a 404"


def test_several_products_and_carts(client):
    put(client, "tea", 1)
    put(client, "mug", 2)
    put(client, "tea", 4)
    put(client, "mug", 7, cart="c2")
    assert client.get("/carts/c1").json() == {"items": [{"sku": "mug", "quantity": 2}, {"sku": "tea", "quantity": 4}], "count": 6}
    assert client.get("/carts/c2").json() == {"items": [{"sku": "mug", "quantity": 7}], "count": 7}
    assert client.get("/carts/empty").json() == {"items": [], "count": 0}


def test_put_again_after_delete_is_201(client):
    put(client, "mug", 2)
    client.delete("/carts/c1/items/mug")
    assert put(client, "mug", 1).status == 201


@pytest.mark.parametrize("quantity", [0, 100, -1, 2.5, "2", True, None])
def test_bad_quantity_is_422(client, quantity):
    response = put(client, "mug", quantity)
    assert response.status == 422
    assert response.json() == {"error": "quantity must be a whole number from 1 to 99"}
    assert client.get("/carts/c1").json()["count"] == 0


def test_delete_of_a_missing_product_is_404(client):
    response = client.delete("/carts/c1/items/mug")
    assert (response.status, response.json()) == (404, {"error": "no mug in this cart"})
