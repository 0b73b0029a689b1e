import pytest
from pydojo_harness.http_client import client_for

import contacts

ADA = {"name": "Ada", "email": "ada@example.org", "phone": "+44 20 7946 0000"}


@pytest.fixture
def client():
    """Each test talks to a new app with no contacts."""
    return client_for(contacts.make_app())


def test_post_creates(client):
    response = client.post("/contacts", json=ADA)
    assert response.status == 201
    assert response.headers.get("Location") == "/contacts/1"
    assert response.json() == {"id": 1, **ADA}
    assert client.get("/contacts/1").json() == {"id": 1, **ADA}


def test_post_without_phone(client):
    assert client.post("/contacts", json={"name": "Bo", "email": "bo@b.org"}).json() == {"id": 1, "name": "Bo", "email": "bo@b.org", "phone": None}


def test_two_posts_make_two_contacts(client):
    client.post("/contacts", json=ADA)
    response = client.post("/contacts", json=ADA)
    assert (response.status, response.json()["id"]) == (201, 2), "POST is not idempotent: without an Idempotency-Key every POST creates"


def test_put_replaces_the_whole_contact(client):
    client.post("/contacts", json=ADA)
    response = client.put("/contacts/1", json={"name": "Ada Lovelace", "email": "ada@lovelace.org"})
    expected = {"id": 1, "name": "Ada Lovelace", "email": "ada@lovelace.org", "phone": None}
    assert (response.status, response.json()) == (200, expected), (
        "PUT replaces the whole contact: a field left out is reset (phone becomes null), it is not kept from before"
    )
    assert client.get("/contacts/1").json() == expected


def test_put_needs_every_required_field(client):
    client.post("/contacts", json=ADA)
    response = client.put("/contacts/1", json={"name": "Ada"})
    assert response.status == 422, f"PUT sends the whole new state, so a PUT without email is incomplete: 422; got {response.status}"
    assert response.json() == {"error": "validation failed", "fields": {"email": "required"}}
    assert client.get("/contacts/1").json() == {"id": 1, **ADA}, "a rejected PUT changes nothing"


def test_put_twice_is_the_same_as_once(client):
    client.post("/contacts", json=ADA)
    new = {"name": "Ada L.", "email": "ada@example.org"}
    first = client.put("/contacts/1", json=new).json()
    second = client.put("/contacts/1", json=new).json()
    assert first == second == {"id": 1, "name": "Ada L.", "email": "ada@example.org", "phone": None}


def test_patch_changes_only_the_named_fields(client):
    client.post("/contacts", json=ADA)
    response = client.patch("/contacts/1", json={"email": "countess@example.org"})
    expected = {"id": 1, "name": "Ada", "email": "countess@example.org", "phone": "+44 20 7946 0000"}
    assert (response.status, response.json()) == (200, expected), "PATCH changes only the fields it names; the others stay as they were"


def test_patch_null_clears_the_phone(client):
    client.post("/contacts", json=ADA)
    assert client.patch("/contacts/1", json={"phone": None}).json() == {"id": 1, "name": "Ada", "email": "ada@example.org", "phone": None}


def test_patch_validates_what_it_names(client):
    client.post("/contacts", json=ADA)
    response = client.patch("/contacts/1", json={"name": " ", "phone": 7, "age": 36})
    assert response.status == 422
    assert response.json() == {"error": "validation failed", "fields": {"name": "required", "phone": "must be a string or null", "age": "unknown field"}}
    assert client.get("/contacts/1").json() == {"id": 1, **ADA}, "a rejected PATCH changes nothing"


@pytest.mark.parametrize(
    "body, fields",
    [
        ({"email": "a@b.c"}, {"name": "required"}),
        ({"name": "A"}, {"email": "required"}),
        ({"name": "A", "email": "nobody"}, {"email": "must be an email address"}),
        ({"name": "A", "email": "a@b.c", "phone": 123}, {"phone": "must be a string or null"}),
        ({"name": "A", "email": "a@b.c", "id": 9}, {"id": "unknown field"}),
    ],
)
def test_post_validation(client, body, fields):
    response = client.post("/contacts", json=body)
    assert (response.status, response.json()) == (422, {"error": "validation failed", "fields": fields})


@pytest.mark.parametrize("body", ["not json", "[1, 2]", '"Ada"'])
def test_not_an_object_is_400(client, body):
    client.post("/contacts", json=ADA)
    for method, path in (("POST", "/contacts"), ("PUT", "/contacts/1"), ("PATCH", "/contacts/1")):
        response = client.request(method, path, body=body, headers={"Content-Type": "application/json"})
        assert (response.status, response.json()) == (400, {"error": "send a JSON object"}), f"{method} {path}"


def test_missing_contact_is_404(client):
    for method in ("GET", "PUT", "PATCH"):
        response = client.request(method, "/contacts/7", json={"name": "A", "email": "a@b.c"})
        assert (response.status, response.json()) == (404, {"error": "no contact 7"}), f"{method} /contacts/7"


def test_wrong_methods_are_405(client):
    assert client.get("/contacts").headers.get("Allow") == "POST"
    response = client.delete("/contacts/1")
    assert (response.status, response.headers.get("Allow")) == (405, "GET, PATCH, PUT")


def test_retried_post_with_a_key_gives_the_same_answer(client):
    first = client.post("/contacts", json=ADA, headers={"Idempotency-Key": "k1"})
    retry = client.post("/contacts", json=ADA, headers={"Idempotency-Key": "k1"})
    assert (retry.status, retry.json(), retry.headers.get("Location")) == (201, {"id": 1, **ADA}, "/contacts/1"), (
        "the same Idempotency-Key with the same body must give the same answer and must not create a second contact"
    )
    assert first.json() == retry.json()
    assert client.get("/contacts/2").status == 404, "the same Idempotency-Key must not create a second contact"
    assert client.post("/contacts", json=ADA).json()["id"] == 2


def test_the_answer_is_the_first_one_even_after_a_change(client):
    client.post("/contacts", json=ADA, headers={"Idempotency-Key": "k1"})
    client.patch("/contacts/1", json={"name": "Countess"})
    retry = client.post("/contacts", json=ADA, headers={"Idempotency-Key": "k1"})
    assert retry.json() == {"id": 1, **ADA}, "a retry gets the answer the first request got"


def test_a_key_reused_for_another_body_is_409(client):
    client.post("/contacts", json=ADA, headers={"Idempotency-Key": "k1"})
    response = client.post("/contacts", json={"name": "Bo", "email": "bo@b.org"}, headers={"Idempotency-Key": "k1"})
    assert response.status == 409, f"one key, two different requests: the client has a bug, answer 409; got {response.status}"
    assert response.json() == {"error": "this Idempotency-Key was used for another request"}
    assert client.get("/contacts/2").status == 404


def test_different_keys_create_different_contacts(client):
    client.post("/contacts", json=ADA, headers={"Idempotency-Key": "k1"})
    response = client.post("/contacts", json=ADA, headers={"Idempotency-Key": "k2"})
    assert response.json()["id"] == 2


def test_a_rejected_request_is_not_remembered(client):
    bad = client.post("/contacts", json={"name": "Ada"}, headers={"Idempotency-Key": "k1"})
    assert bad.status == 422
    fixed = client.post("/contacts", json=ADA, headers={"Idempotency-Key": "k1"})
    assert (fixed.status, fixed.json()["id"]) == (201, 1), "a request that failed validation is not remembered: the fixed retry creates"
