import io
import json

import pytest

from shop_logging import configure_logging, log_request


def lines(stream):
    text = stream.getvalue()
    try:
        return [json.loads(line) for line in text.splitlines()]
    except json.JSONDecodeError:
        pytest.fail(f"every line should be one JSON object, got:\n{text}")


@pytest.fixture
def stream():
    return io.StringIO()


def test_one_request_one_json_line(stream):
    configure_logging("INFO", stream)
    log_request("GET", "/items", 200, 12.5, user_id=7)
    assert lines(stream) == [
        {"level": "INFO", "logger": "shop.http", "message": "GET /items 200",
         "method": "GET", "path": "/items", "status": 200, "duration_ms": 12.5, "user_id": 7}
    ], (
        "one JSON object per record: level, logger and message, then the structured fields"
        " (method, path, status, duration_ms and any keyword fields) as their own keys, with their"
        " types (status is the number 200), so a log search can filter on status >= 500"
    )


def test_levels_follow_the_status(stream):
    configure_logging("DEBUG", stream)
    for status in (200, 302, 404, 429, 500, 503):
        log_request("POST", "/orders", status, 3)
    assert [(entry["status"], entry["level"]) for entry in lines(stream)] == [
        (200, "INFO"), (302, "INFO"), (404, "WARNING"), (429, "WARNING"), (500, "ERROR"), (503, "ERROR")
    ], "a 4xx is a WARNING (the client did something wrong), a 5xx an ERROR (we did), the rest INFO"


def test_the_level_filters(stream):
    configure_logging("warning", stream)
    log_request("GET", "/", 200, 1)
    log_request("GET", "/missing", 404, 1)
    log_request("GET", "/boom", 500, 1)
    assert [entry["status"] for entry in lines(stream)] == [404, 500], (
        "configured at WARNING (any case), INFO records are dropped"
    )


def test_unknown_level(stream):
    with pytest.raises(ValueError) as excinfo:
        configure_logging("LOUD", stream)
    assert str(excinfo.value) == "unknown log level 'LOUD'"


def test_configuring_twice_does_not_double_lines(stream):
    configure_logging("INFO", io.StringIO())
    configure_logging("INFO", stream)
    configure_logging("INFO", stream)
    log_request("GET", "/", 200, 1)
    assert len(lines(stream)) == 1, (
        "each record once: configure_logging adds a handler every time it is called; remove the"
        " old ones first (the app calls it again in tests and on reload)"
    )


def test_secrets_are_redacted(stream):
    configure_logging("INFO", stream)
    log_request("POST", "/login", 401, 8, password="hunter2", Authorization="Bearer abc", api_key="k", user="ada")
    entry = lines(stream)[0]
    assert "hunter2" not in stream.getvalue() and "Bearer abc" not in stream.getvalue(), (
        "never write a secret to the logs: fields named password, token, secret, authorization"
        " or api_key (any case) are written as '***'"
    )
    assert (entry["password"], entry["Authorization"], entry["api_key"], entry["user"]) == ("***", "***", "***", "ada")


def test_error_level_drops_warnings(stream):
    configure_logging("ERROR", stream)
    log_request("GET", "/", 404, 1)
    assert lines(stream) == []
