import re

import pytest
from pydojo_harness.http_client import client_for

import middleware
from demo import demo_app

HEX32 = re.compile(r"[0-9a-f]{32}")
SECRETS = ["hunter2", "postgres", "RuntimeError", "Traceback", "price_cents", "KeyError"]


@pytest.fixture
def built():
    wrapped, log = middleware.build(demo_app)
    return client_for(wrapped), log


def test_a_new_id_for_each_request(built):
    client, _ = built
    first, second = client.get("/hello"), client.get("/hello")
    ids = [first.headers.get("X-Request-Id"), second.headers.get("X-Request-Id")]
    assert all(isinstance(i, str) and HEX32.fullmatch(i) for i in ids), f"without an incoming id, each answer gets X-Request-Id: uuid.uuid4().hex; got {ids}"
    assert ids[0] != ids[1], "each request gets its own id"
    assert first.text == f"hello, request {ids[0]}", "the inner app reads the same id in environ['request_id']"


@pytest.mark.parametrize("incoming", ["abc-123", "A_b-9", "x" * 64])
def test_a_valid_incoming_id_is_kept(built, incoming):
    client, log = built
    response = client.get("/hello", headers={"X-Request-Id": incoming})
    assert response.headers.get("X-Request-Id") == incoming, "an incoming X-Request-Id that is valid is kept, so one id follows the request through every service"
    assert log.lines == [f"GET /hello 200 {incoming}"]


@pytest.mark.parametrize("incoming", ["has space", "x" * 65, "<script>", "id;drop", "ünïcode", ""])
def test_an_invalid_incoming_id_is_replaced(built, incoming):
    client, log = built
    response = client.get("/hello", headers={"X-Request-Id": incoming})
    got = response.headers.get("X-Request-Id")
    assert got != incoming and HEX32.fullmatch(got or ""), (
        f"an incoming X-Request-Id of {incoming!r} is used only if it is 1 to 64 characters of A-Z a-z 0-9 - _; "
        "otherwise make a new one (a header you did not check ends up in your logs and answers)"
    )
    assert log.lines == [f"GET /hello 200 {got}"]


def test_every_answer_has_the_id(built):
    client, _ = built
    for path in ["/hello", "/nowhere", "/boom", "/late-boom"]:
        assert client.get(path, headers={"X-Request-Id": "r-1"}).headers.get("X-Request-Id") == "r-1", f"GET {path}: every answer, errors too, carries X-Request-Id"


def test_an_error_is_a_500_that_shows_nothing(built):
    client, _ = built
    response = client.get("/boom", headers={"X-Request-Id": "abc-123"})
    assert response.status == 500, f"an exception in the app becomes a 500; got {response.status}"
    for secret in SECRETS:
        assert secret not in response.text, f"the 500 answer must never show the exception (its text may hold a password); found {secret!r}"
    assert response.json() == {"error": "internal error", "request_id": "abc-123"}
    assert response.headers.get("Content-Type") == "application/json"


def test_an_error_after_start_response(built):
    client, _ = built
    response = client.get("/late-boom", headers={"X-Request-Id": "late-1"})
    assert response.status == 500
    assert response.json() == {"error": "internal error", "request_id": "late-1"}
    assert "price_cents" not in response.text, "the 500 answer must never show the exception"


def test_the_access_log(built):
    client, log = built
    client.get("/hello", headers={"X-Request-Id": "r-1"})
    client.post("/nowhere", headers={"X-Request-Id": "r-2"})
    client.get("/boom", headers={"X-Request-Id": "r-3"})
    client.get("/late-boom", headers={"X-Request-Id": "r-4"})
    assert log.lines == ["GET /hello 200 r-1", "POST /nowhere 404 r-2", "GET /boom 500 r-3", "GET /late-boom 500 r-4"], (
        "one line per request with the status the client got (500 for errors) and the request id: "
        "the log must sit inside with_request_id and outside catch_errors"
    )


def test_middlewares_work_alone():
    client = client_for(middleware.catch_errors(demo_app))
    response = client.get("/boom")
    assert (response.status, response.json()) == (500, {"error": "internal error", "request_id": "-"})
    assert client.get("/hello").text == "hello, request None"
    log = middleware.AccessLog(demo_app)
    client_for(log).get("/nowhere")
    assert log.lines == ["GET /nowhere 404 -"]
    with_id = client_for(middleware.with_request_id(demo_app))
    assert with_id.get("/hello", headers={"X-Request-Id": "solo"}).text == "hello, request solo"
