import json

ROOMS = ("ada", "hopper", "turing")


def make_app():
    """A new WSGI app that books rooms (see the instructions)."""
    bookings = {room: {} for room in ROOMS}

    def app(environ, start_response):
        parts = environ["PATH_INFO"].strip("/").split("/")
        room = parts[1]
        if environ["REQUEST_METHOD"] == "POST":
            data = json.loads(environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0)))
            booking = {"room": room, **data}
            bookings[room][data["date"]] = booking
            answer = booking
        else:
            answer = list(bookings[room].values())
        body = json.dumps(answer).encode("utf-8")
        start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
        return [body]

    return app
