import pytest
from pydojo_harness.http_client import client_for

import feed


@pytest.fixture
def client():
    """Each test talks to a new app with an empty feed."""
    return client_for(feed.make_app())


def post(client, *texts):
    for text in texts:
        assert client.post("/events", json={"text": text}).status == 201


def texts(page):
    return [event["text"] for event in page["items"]]


def test_post_is_201(client):
    response = client.post("/events", json={"text": "deployed v2"})
    assert (response.status, response.json(), response.headers.get("Location")) == (201, {"id": 1, "text": "deployed v2"}, "/events/1")


@pytest.mark.parametrize("body", [{}, {"text": ""}, {"text": "  "}, {"text": 5}, ["x"]])
def test_post_needs_text(client, body):
    response = client.post("/events", json=body)
    assert (response.status, response.json()) == (422, {"error": "text is required"})


def test_first_page_is_newest_first(client):
    post(client, "a", "b", "c", "d", "e", "f", "g")
    page = client.get("/events").json()
    assert texts(page) == ["g", "f", "e", "d", "c"], "the feed shows the newest events first, 5 by default"
    assert isinstance(page["next_cursor"], str)


def test_walking_the_cursors_gives_every_event_once(client):
    post(client, *"abcdefghij")
    seen, page = [], client.get("/events?limit=3").json()
    for _ in range(10):
        seen += texts(page)
        if page["next_cursor"] is None:
            break
        page = client.get(f"/events?limit=3&cursor={page['next_cursor']}").json()
    assert seen == list("jihgfedcba"), "following next_cursor must give every event once, newest first"


def test_new_events_do_not_shift_the_next_page(client):
    post(client, "a", "b", "c", "d", "e")
    first = client.get("/events?limit=2").json()
    post(client, "f", "g")
    second = client.get(f"/events?limit=2&cursor={first['next_cursor']}").json()
    assert texts(first) == ["e", "d"]
    assert texts(second) == ["c", "b"], (
        "no event twice, none skipped, even when new events arrive between pages: the cursor must say "
        "'older than the last event I showed', not 'skip N events'"
    )


@pytest.mark.parametrize("count, limit", [(4, 2), (3, 3), (6, 3)])
def test_the_last_page_has_no_cursor(client, count, limit):
    post(client, *[f"e{n}" for n in range(count)])
    page = client.get(f"/events?limit={limit}").json()
    pages = 1
    while page["next_cursor"] is not None and pages < 10:
        page = client.get(f"/events?limit={limit}&cursor={page['next_cursor']}").json()
        pages += 1
        assert page["items"] != [], "a next_cursor led to an empty page: the last page has next_cursor null"
    assert pages == count // limit


def test_empty_feed(client):
    assert client.get("/events").json() == {"items": [], "next_cursor": None}


def test_cursor_with_a_different_limit(client):
    post(client, *"abcdef")
    first = client.get("/events?limit=4").json()
    assert texts(client.get(f"/events?limit=1&cursor={first['next_cursor']}").json()) == ["b"]


@pytest.mark.parametrize("cursor", ["abc", "", "0", "eyJiZWZvcmUiOiAieCJ9", "%FF%FE", "MTIz"])
def test_a_cursor_the_server_did_not_make_is_400(client, cursor):
    post(client, "a", "b", "c")
    response = client.get(f"/events?cursor={cursor}")
    assert response.status == 400, f"cursor={cursor!r}: a cursor the server did not make is a 400, not a page; got {response.status}"
    assert response.json() == {"error": "invalid cursor"}


@pytest.mark.parametrize("limit", ["0", "21", "x", "-1"])
def test_bad_limit_is_400(client, limit):
    response = client.get(f"/events?limit={limit}")
    assert (response.status, response.json()) == (400, {"error": "limit must be a whole number from 1 to 20"})
