import json
from urllib.parse import parse_qs


def make_app():
    """A new WSGI app with an empty feed (see the instructions)."""
    events = []

    def app(environ, start_response):
        if environ["REQUEST_METHOD"] == "POST":
            data = json.loads(environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0)))
            event = {"id": len(events) + 1, "text": data["text"]}
            events.append(event)
            status, answer = "201 Created", event
        else:
            query = parse_qs(environ.get("QUERY_STRING", ""))
            limit = int(query.get("limit", ["5"])[0])
            offset = int(query.get("cursor", ["0"])[0])
            newest_first = events[::-1]
            status = "200 OK"
            answer = {"items": newest_first[offset : offset + limit], "next_cursor": str(offset + limit)}
        body = json.dumps(answer).encode("utf-8")
        start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
        return [body]

    return app
