import base64
import json
from urllib.parse import parse_qs


class Answer(Exception):
    def __init__(self, status, body):
        super().__init__(status)
        self.status, self.body = status, body


def _make_cursor(before):
    return base64.urlsafe_b64encode(json.dumps({"before": before}).encode()).decode()


def _read_cursor(token):
    try:
        data = json.loads(base64.urlsafe_b64decode(token.encode("ascii")).decode("utf-8"))
    except (ValueError, UnicodeEncodeError):
        data = None
    before = data.get("before") if isinstance(data, dict) else None
    if isinstance(before, bool) or not isinstance(before, int) or before < 1:
        return 10**9
    return before


def make_app():
    """A new WSGI app with an empty feed (see the instructions)."""
    events = []

    def post(environ):
        length = environ.get("CONTENT_LENGTH") or "0"
        try:
            data = json.loads(environ["wsgi.input"].read(int(length)) if length.isdigit() else b"")
        except ValueError:
            data = None
        text = data.get("text") if isinstance(data, dict) else None
        if not isinstance(text, str) or not text.strip():
            raise Answer("422 Unprocessable Entity", {"error": "text is required"})
        event = {"id": len(events) + 1, "text": text}
        events.append(event)
        return "201 Created", event, [("Location", f"/events/{event['id']}")]

    def page(environ):
        query = parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True)
        limit_text = query.get("limit", ["5"])[-1]
        if not limit_text.isdigit() or not 1 <= int(limit_text) <= 20:
            raise Answer("400 Bad Request", {"error": "limit must be a whole number from 1 to 20"})
        limit = int(limit_text)
        before = _read_cursor(query["cursor"][-1]) if "cursor" in query else len(events) + 1
        older = [event for event in reversed(events) if event["id"] < before]
        items = older[:limit]
        next_cursor = _make_cursor(items[-1]["id"]) if len(older) > limit else None
        return "200 OK", {"items": items, "next_cursor": next_cursor}, []

    def app(environ, start_response):
        method, path = environ["REQUEST_METHOD"], environ["PATH_INFO"]
        try:
            if path != "/events":
                raise Answer("404 Not Found", {"error": "not found"})
            if method == "POST":
                status, answer, headers = post(environ)
            elif method == "GET":
                status, answer, headers = page(environ)
            else:
                raise Answer("405 Method Not Allowed", {"error": "method not allowed"})
        except Answer as error:
            status, answer, headers = error.status, error.body, []
            if status.startswith("405"):
                headers = [("Allow", "GET, POST")]
        body = json.dumps(answer).encode("utf-8")
        start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(body)))] + headers)
        return [body]

    return app
