import pytest
from pydojo_harness.http_client import client_for

import bookings


@pytest.fixture
def client():
    """Each test talks to a new app with no bookings."""
    return client_for(bookings.make_app())


def book(client, room="ada", date="2026-12-04", by="Ada"):
    return client.post(f"/rooms/{room}/bookings", json={"date": date, "by": by})


def test_booking_is_201_with_location(client):
    response = book(client)
    assert response.status == 201, f"POST that creates a booking must answer 201 Created, not {response.status}"
    assert response.headers.get("Location") == "/rooms/ada/bookings/2026-12-04", "201 Created says where the new booking lives: Location"
    assert response.json() == {"room": "ada", "date": "2026-12-04", "by": "Ada"}


def test_the_booking_can_be_read_back(client):
    book(client, by="  Ada  ")
    response = client.get("/rooms/ada/bookings/2026-12-04")
    assert (response.status, response.json()) == (200, {"room": "ada", "date": "2026-12-04", "by": "Ada"})


def test_list_is_sorted_by_date_and_per_room(client):
    book(client, date="2026-12-09", by="Cy")
    book(client, date="2026-12-04", by="Bo")
    book(client, room="turing", date="2026-12-05", by="Al")
    response = client.get("/rooms/ada/bookings")
    assert response.status == 200
    assert [b["date"] for b in response.json()] == ["2026-12-04", "2026-12-09"]
    assert client.get("/rooms/hopper/bookings").json() == []


def test_double_booking_is_409_and_the_first_stays(client):
    book(client, by="Bo")
    response = book(client, by="Cy")
    assert response.status == 409, (
        f"the room is already booked that day: 409 Conflict (the request is fine, it clashes with the state); got {response.status}"
    )
    assert response.json() == {"error": "ada is already booked on 2026-12-04 by Bo"}
    assert client.get("/rooms/ada/bookings/2026-12-04").json()["by"] == "Bo", "a refused booking must not replace the first one"


def test_same_day_other_room_is_fine(client):
    book(client)
    assert book(client, room="hopper").status == 201


def test_delete_is_204_with_no_body(client):
    book(client)
    response = client.delete("/rooms/ada/bookings/2026-12-04")
    assert response.status == 204, f"a DELETE that worked and has nothing to say answers 204 No Content; got {response.status}"
    assert response.body == b""
    assert client.get("/rooms/ada/bookings/2026-12-04").status == 404
    assert book(client, by="Cy").status == 201, "after the delete the day is free again"


def test_missing_booking_is_404(client):
    for method in ("GET", "DELETE"):
        response = client.request(method, "/rooms/ada/bookings/2026-12-04")
        assert response.status == 404, f"{method} of a booking that does not exist must be 404 Not Found, even with an error in the body; got {response.status}"
        assert response.json() == {"error": "no booking on 2026-12-04"}


def test_second_delete_is_404(client):
    book(client)
    client.delete("/rooms/ada/bookings/2026-12-04")
    assert client.delete("/rooms/ada/bookings/2026-12-04").status == 404


def test_unknown_room_is_404(client):
    for response in (client.get("/rooms/babbage/bookings"), book(client, room="babbage")):
        assert response.status == 404, f"there is no room 'babbage': 404; got {response.status}"
        assert response.json() == {"error": "no room named 'babbage'"}


@pytest.mark.parametrize("path", ["/rooms", "/rooms/ada", "/rooms/ada/bookings/2026-12-04/x", "/bookings", "/rooms/ada/bookings/"])
def test_other_paths_are_404(client, path):
    response = client.get(path)
    assert (response.status, response.json()) == (404, {"error": "not found"})


@pytest.mark.parametrize(
    "method, path, allow",
    [("PUT", "/rooms/ada/bookings", "GET, POST"), ("DELETE", "/rooms/ada/bookings", "GET, POST"), ("POST", "/rooms/ada/bookings/2026-12-04", "DELETE, GET"), ("PATCH", "/rooms/ada/bookings/2026-12-04", "DELETE, GET")],
)
def test_wrong_method_is_405_with_allow(client, method, path, allow):
    response = client.request(method, path, json={})
    assert response.status == 405, f"{method} {path}: the path exists, the method doesn't: 405; got {response.status}"
    assert response.headers.get("Allow") == allow, f"a 405 lists what would work: Allow: {allow}"


@pytest.mark.parametrize(
    "body, fields",
    [
        ({"by": "Ada"}, {"date": "required"}),
        ({"date": "04/12/2026", "by": "Ada"}, {"date": "must be a date like 2026-12-04"}),
        ({"date": "2026-02-30", "by": "Ada"}, {"date": "must be a date like 2026-12-04"}),
        ({"date": 20261204, "by": "Ada"}, {"date": "must be a date like 2026-12-04"}),
        ({"date": "2026-12-04", "by": "  "}, {"by": "required"}),
        ({"date": "2026-12-04"}, {"by": "required"}),
        ({}, {"date": "required", "by": "required"}),
    ],
)
def test_invalid_booking_is_422(client, body, fields):
    response = client.post("/rooms/ada/bookings", json=body)
    assert response.status == 422, f"POST with {body} must answer 422 naming the wrong fields; got {response.status}"
    assert response.json() == {"error": "validation failed", "fields": fields}
    assert client.get("/rooms/ada/bookings").json() == []


def test_not_an_object_is_422_and_not_json_is_400(client):
    response = client.post("/rooms/ada/bookings", json=["2026-12-04"])
    assert (response.status, response.json()) == (422, {"error": "the body must be a JSON object"})
    response = client.post("/rooms/ada/bookings", body="date=2026-12-04", headers={"Content-Type": "application/json"})
    assert (response.status, response.json()) == (400, {"error": "the body is not valid JSON"})
