"""The same app on a real socket (CPython only: live_server is skipped in the browser)."""

import json
import urllib.error
import urllib.request


def send(server, method, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(server.url + path, data=data, method=method, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_create_read_and_conflict_over_a_socket(live_server):
    status, headers, body = send(live_server, "POST", "/notes", {"title": "Over the wire", "tags": ["net"]})
    assert status == 201, f"POST /notes over a real socket must answer 201; got {status} {body[:200]!r}"
    location = headers.get("Location")
    assert location and location.startswith("/notes/")
    note = json.loads(body)
    status, _, body = send(live_server, "GET", location)
    assert (status, json.loads(body)) == (200, note)
    send(live_server, "PATCH", location, {"version": note["version"], "body": "first"})
    status, _, body = send(live_server, "PATCH", location, {"version": note["version"], "body": "second"})
    assert status == 409, f"a PATCH with an old version must answer 409 over the socket too; got {status}"


def test_errors_are_json_over_a_socket(live_server):
    status, headers, body = send(live_server, "GET", "/notes/999999")
    assert status == 404
    assert headers.get("Content-Type") == "application/json"
    assert json.loads(body) == {"error": "no note 999999"}
    status, _, body = send(live_server, "DELETE", "/notes")
    assert status == 405
