import pytest
from pydojo_harness.http_client import client_for

import signups

ADA = {"email": "Ada@Example.org", "password": "correct horse", "age": 36}


@pytest.fixture
def client():
    """Each test talks to a new app with no users."""
    return client_for(signups.make_app())


def test_signup_is_201_with_location(client):
    response = client.post("/signups", json=ADA)
    assert response.status == 201, f"a valid signup creates a user: 201 Created; got {response.status}"
    assert response.headers.get("Location") == "/users/1", "201 Created says where the new resource is: Location: /users/1"
    assert response.json() == {"id": 1, "email": "ada@example.org", "age": 36}


def test_the_password_is_never_sent_back(client):
    response = client.post("/signups", json={"email": "bo@example.org", "password": "hunter2hunter2"})
    assert "hunter2hunter2" not in response.text, "never send the password back: responses end up in logs and browser caches"
    assert response.json() == {"id": 1, "email": "bo@example.org", "age": None}


def test_ids_count_up(client):
    client.post("/signups", json=ADA)
    response = client.post("/signups", json={"email": "cy@example.org", "password": "0123456789"})
    assert response.headers.get("Location") == "/users/2"
    assert response.json()["id"] == 2


@pytest.mark.parametrize("content_type", [None, "text/plain", "application/x-www-form-urlencoded"])
def test_not_json_content_type_is_415(client, content_type):
    headers = {"Content-Type": content_type} if content_type else {}
    response = client.post("/signups", body='{"email": "a@b.c", "password": "0123456789"}', headers=headers)
    assert response.status == 415, f"Content-Type {content_type!r} is not JSON: 415 Unsupported Media Type; got {response.status}"
    assert response.json() == {"error": "send JSON with Content-Type: application/json"}


def test_charset_parameter_is_fine(client):
    response = client.post(
        "/signups", body=b'{"email": "a@b.c", "password": "0123456789"}', headers={"Content-Type": "application/json; charset=utf-8"}
    )
    assert response.status == 201, "'application/json; charset=utf-8' is JSON: ignore the ; part"


@pytest.mark.parametrize("body", ['{"email": ', "email=a@b.c", ""], ids=["cut", "form", "empty"])
def test_invalid_json_is_400(client, body):
    response = client.post("/signups", body=body, headers={"Content-Type": "application/json"})
    assert response.status == 400, f"a body that is not JSON is a 400 Bad Request (not a crash, not a 422); got {response.status}"
    assert response.json() == {"error": "the body is not valid JSON"}


@pytest.mark.parametrize("body", [[ADA], "ada@example.org", None, 7])
def test_not_an_object_is_422(client, body):
    response = client.post("/signups", json=body)
    assert response.status == 422, f"valid JSON that is not an object breaks a rule: 422; got {response.status}"
    assert response.json() == {"error": "the body must be a JSON object"}


CASES = [
    ({"password": "0123456789"}, {"email": "required"}),
    ({"email": 7, "password": "0123456789"}, {"email": "must be a string"}),
    ({"email": "ada", "password": "0123456789"}, {"email": "must be an email address"}),
    ({"email": "@example.org", "password": "0123456789"}, {"email": "must be an email address"}),
    ({"email": "a@b@c", "password": "0123456789"}, {"email": "must be an email address"}),
    ({"email": "a da@b.c", "password": "0123456789"}, {"email": "must be an email address"}),
    ({"email": "a@b.c"}, {"password": "required"}),
    ({"email": "a@b.c", "password": 1234567890}, {"password": "must be a string"}),
    ({"email": "a@b.c", "password": "123456789"}, {"password": "must be at least 10 characters"}),
    ({"email": "a@b.c", "password": "0123456789", "age": True}, {"age": "must be a whole number"}),
    ({"email": "a@b.c", "password": "0123456789", "age": 36.5}, {"age": "must be a whole number"}),
    ({"email": "a@b.c", "password": "0123456789", "age": "36"}, {"age": "must be a whole number"}),
    ({"email": "a@b.c", "password": "0123456789", "age": 12}, {"age": "must be between 13 and 130"}),
    ({"email": "a@b.c", "password": "0123456789", "age": 131}, {"age": "must be between 13 and 130"}),
    ({"email": "a@b.c", "password": "0123456789", "admin": True}, {"admin": "unknown field"}),
]


@pytest.mark.parametrize("body, fields", CASES, ids=[f"{list(f)[0]}: {list(f.values())[0]} ({i})" for i, (_, f) in enumerate(CASES)])
def test_each_field_rule_is_422_naming_the_field(client, body, fields):
    response = client.post("/signups", json=body)
    field, problem = next(iter(fields.items()))
    assert response.status == 422, f"POST /signups with {body} must answer 422 with a body naming {field!r}; got {response.status}"
    assert response.json() == {"error": "validation failed", "fields": fields}, (
        f"{field!r} {problem}: the body must name the field and the problem"
        + (" (true is not a whole number, although bool is a subclass of int in Python)" if body.get("age") is True else "")
    )


def test_every_problem_is_reported_at_once(client):
    response = client.post("/signups", json={"email": "ada", "age": True, "role": "admin"})
    assert response.status == 422
    assert response.json() == {
        "error": "validation failed",
        "fields": {"email": "must be an email address", "password": "required", "age": "must be a whole number", "role": "unknown field"},
    }, "report every wrong field at once, so the client can fix them all in one go"


def test_nothing_is_stored_after_a_422(client):
    client.post("/signups", json={"email": "ada@example.org", "password": "short"})
    response = client.post("/signups", json=ADA)
    assert (response.status, response.json()["id"]) == (201, 1), "a rejected signup must not create a user (nor use up an id)"


def test_duplicate_email_is_409(client):
    client.post("/signups", json=ADA)
    response = client.post("/signups", json={"email": "ADA@example.ORG", "password": "another one!"})
    assert response.status == 409, f"the email is already registered (emails compare lower-cased): 409 Conflict; got {response.status}"
    assert response.json() == {"error": "this email is already registered"}


def test_other_paths_and_methods(client):
    assert client.post("/signup", json=ADA).status == 404
    response = client.get("/signups")
    assert response.status == 405, "GET /signups: the path exists, the method doesn't: 405"
    assert response.headers.get("Allow") == "POST"
