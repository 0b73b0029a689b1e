import datetime
import json

ROOMS = ("ada", "hopper", "turing")


class Answer(Exception):
    """Raised to answer at once with an error."""

    def __init__(self, status, body, headers=()):
        super().__init__(status)
        self.status, self.body, self.headers = status, body, list(headers)


def _not_allowed(allow):
    return Answer("405 Method Not Allowed", {"error": "method not allowed"}, [("Allow", allow)])


def _is_date(text):
    if not isinstance(text, str) or len(text) != 10:
        return False
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _read_booking(environ):
    length = environ.get("CONTENT_LENGTH") or "0"
    raw = environ["wsgi.input"].read(int(length)) if length.isdigit() else b""
    try:
        data = json.loads(raw)
    except ValueError:
        raise Answer("400 Bad Request", {"error": "the body is not valid JSON"}) from None
    if not isinstance(data, dict):
        raise Answer("422 Unprocessable Entity", {"error": "the body must be a JSON object"})
    fields = {}
    if "date" not in data:
        fields["date"] = "required"
    elif not _is_date(data["date"]):
        fields["date"] = "must be a date like 2026-12-04"
    if not isinstance(data.get("by"), str) or not data["by"].strip():
        fields["by"] = "required"
    if fields:
        raise Answer("422 Unprocessable Entity", {"error": "validation failed", "fields": fields})
    return data["date"], data["by"].strip()


def make_app():
    """A new WSGI app that books rooms (see the instructions)."""
    bookings = {room: {} for room in ROOMS}

    def handle(method, path, environ):
        parts = path.strip("/").split("/")
        if len(parts) not in (3, 4) or parts[0] != "rooms" or parts[2] != "bookings" or path.endswith("/"):
            raise Answer("404 Not Found", {"error": "not found"})
        room = parts[1]
        if room not in bookings:
            raise Answer("404 Not Found", {"error": f"no room named {room!r}"})
        booked = bookings[room]
        if len(parts) == 3:
            if method == "GET":
                return "200 OK", sorted(booked.values(), key=lambda b: b["date"]), []
            if method != "POST":
                raise _not_allowed("GET, POST")
            date, by = _read_booking(environ)
            if date in booked:
                raise Answer("409 Conflict", {"error": f"{room} is already booked on {date} by {booked[date]['by']}"})
            booked[date] = {"room": room, "date": date, "by": by}
            return "201 Created", booked[date], [("Location", f"/rooms/{room}/bookings/{date}")]
        date = parts[3]
        if method not in ("GET", "DELETE"):
            raise _not_allowed("DELETE, GET")
        if date not in booked:
            return "200 OK", {"error": f"no booking on {date}"}, []
        if method == "GET":
            return "200 OK", booked[date], []
        del booked[date]
        return "204 No Content", None, []

    def app(environ, start_response):
        try:
            status, answer, headers = handle(environ["REQUEST_METHOD"], environ["PATH_INFO"], environ)
        except Answer as error:
            status, answer, headers = error.status, error.body, error.headers
        if answer is None:
            start_response(status, headers)
            return []
        body = json.dumps(answer).encode("utf-8")
        start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(body)))] + headers)
        return [body]

    return app
