import pytest
from pydojo_harness.http_client import client_for

import polls

LUNCH = {"question": "Lunch?", "options": ["pizza", "salad", "soup"]}


@pytest.fixture
def client():
    """Each test talks to a new app with no polls."""
    return client_for(polls.make_app())


def options(poll):
    return [(option["text"], option["votes"]) for option in poll["options"]]


def test_create_a_poll(client):
    response = client.post("/polls", json=LUNCH)
    assert response.status == 201, f"creating a poll answers 201; got {response.status}"
    assert response.headers.get("Location") == "/polls/1"
    assert response.headers.get("Content-Type") == "application/json"
    assert response.json() == {"id": 1, "question": "Lunch?", "options": [{"text": t, "votes": 0} for t in LUNCH["options"]]}
    assert client.get("/polls/1").json() == response.json()


def test_votes_are_counted(client):
    client.post("/polls", json=LUNCH)
    for option in (0, 2, 2):
        response = client.post("/polls/1/votes", json={"option": option})
        assert response.status == 200
    assert options(response.json()) == [("pizza", 1), ("salad", 0), ("soup", 2)]
    assert options(client.get("/polls/1").json()) == [("pizza", 1), ("salad", 0), ("soup", 2)]


def test_polls_are_separate(client):
    client.post("/polls", json=LUNCH)
    client.post("/polls", json={"question": "Tabs?", "options": ["tabs", "spaces"]})
    client.post("/polls/2/votes", json={"option": 1})
    assert options(client.get("/polls/1").json()) == [("pizza", 0), ("salad", 0), ("soup", 0)]
    assert options(client.get("/polls/2").json()) == [("tabs", 0), ("spaces", 1)]


def test_a_body_in_many_pieces(client):
    body = '{"question": "Big?",' + " " * 150_000 + '"options": ["yes", "no"]}'
    assert len(body) > 150_000
    response = client.post("/polls", body=body, headers={"Content-Type": "application/json"})
    assert response.status == 201, (
        f"a {len(body):,}-byte body arrives in several http.request messages: read every http.request message "
        f"until more_body is false before parsing it; got {response.status}"
    )
    assert response.json()["question"] == "Big?"


@pytest.mark.parametrize("option", [-1, 3, True, "0", None, 1.0])
def test_a_bad_option_is_422(client, option):
    client.post("/polls", json=LUNCH)
    response = client.post("/polls/1/votes", json={"option": option})
    assert response.status == 422, f"option {option!r} is not an option of a 3-option poll (0, 1 or 2): 422; got {response.status}"
    assert response.json() == {"error": "no such option"}
    assert options(client.get("/polls/1").json()) == [("pizza", 0), ("salad", 0), ("soup", 0)], "a refused vote counts for nothing"


@pytest.mark.parametrize(
    "body, fields",
    [
        ({"options": ["a", "b"]}, {"question": "required"}),
        ({"question": " ", "options": ["a", "b"]}, {"question": "required"}),
        ({"question": "Q", "options": ["a"]}, {"options": "must be 2 to 5 different texts"}),
        ({"question": "Q", "options": list("abcdef")}, {"options": "must be 2 to 5 different texts"}),
        ({"question": "Q", "options": ["a", "a"]}, {"options": "must be 2 to 5 different texts"}),
        ({"question": "Q", "options": ["a", ""]}, {"options": "must be 2 to 5 different texts"}),
        ({"question": "Q", "options": "a,b"}, {"options": "must be 2 to 5 different texts"}),
        ({}, {"question": "required", "options": "must be 2 to 5 different texts"}),
    ],
)
def test_an_invalid_poll_is_422(client, body, fields):
    response = client.post("/polls", json=body)
    assert (response.status, response.json()) == (422, {"error": "validation failed", "fields": fields}), f"POST /polls {body}"
    assert client.get("/polls/1").status == 404


def test_not_json_is_400(client):
    response = client.post("/polls", body="question=Lunch", headers={"Content-Type": "application/json"})
    assert (response.status, response.json()) == (400, {"error": "the body is not valid JSON"})
    client.post("/polls", json=LUNCH)
    assert client.post("/polls/1/votes", body="{", headers={"Content-Type": "application/json"}).status == 400


@pytest.mark.parametrize("method, path", [("GET", "/polls/9"), ("POST", "/polls/9/votes"), ("GET", "/polls/x"), ("GET", "/elsewhere"), ("DELETE", "/polls/1")])
def test_not_found(client, method, path):
    client.post("/polls", json=LUNCH)
    response = client.request(method, path, json={"option": 0})
    assert (response.status, response.json()) == (404, {"error": "not found"}), f"{method} {path}"
