import json

JSON = ("Content-Type", "application/json")
FIELDS = {"title", "done"}


class HttpError(Exception):
    def __init__(self, status, body, headers=()):
        super().__init__(status)
        self.status, self.body, self.headers = status, body, list(headers)


def _read_json(environ):
    length = environ.get("CONTENT_LENGTH") or "0"
    raw = environ["wsgi.input"].read(int(length)) if length.isdigit() else b""
    try:
        return json.loads(raw)
    except ValueError:
        raise HttpError("400 Bad Request", {"error": "the body is not valid JSON"}) from None


def _validate(data):
    if not isinstance(data, dict):
        raise HttpError("422 Unprocessable Entity", {"error": "the body must be a JSON object"})
    fields = {}
    title = data.get("title")
    if "title" not in data:
        fields["title"] = "required"
    elif not isinstance(title, str):
        fields["title"] = "must be a string"
    elif not 1 <= len(title.strip()) <= 100:
        fields["title"] = "must be 1 to 100 characters"
    done = data.get("done", False)
    if not isinstance(done, bool):
        fields["done"] = "must be true or false"
    for name in sorted(set(data) - FIELDS):
        fields[name] = "unknown field"
    if fields:
        raise HttpError("422 Unprocessable Entity", {"error": "validation failed", "fields": fields})
    return title.strip(), done


def make_app():
    """A new WSGI app with its own empty to-do list."""
    items = {}
    next_id = [1]

    def create(environ):
        title, done = _validate(_read_json(environ))
        if any(item["title"] == title for item in items.values()):
            raise HttpError("409 Conflict", {"error": f"an item titled {title!r} already exists"})
        item = {"id": next_id[0], "title": title, "done": done}
        items[item["id"]] = item
        next_id[0] += 1
        return "201 Created", item, [("Location", f"/items/{item['id']}")]

    def find(item_id):
        if not item_id.isdigit() or int(item_id) not in items:
            raise HttpError("404 Not Found", {"error": f"no item {item_id}"})
        return int(item_id)

    def route(environ):
        method = environ["REQUEST_METHOD"]
        parts = environ.get("PATH_INFO", "").strip("/").split("/")
        if parts == ["items"]:
            if method == "GET":
                return "200 OK", list(items.values()), []
            if method == "POST":
                return create(environ)
            raise HttpError("405 Method Not Allowed", {"error": f"{method} is not allowed here"}, [("Allow", "GET, POST")])
        if len(parts) == 2 and parts[0] == "items":
            if method == "GET":
                return "200 OK", items[find(parts[1])], []
            if method == "DELETE":
                del items[find(parts[1])]
                return "204 No Content", None, []
            raise HttpError("405 Method Not Allowed", {"error": f"{method} is not allowed here"}, [("Allow", "GET, DELETE")])
        raise HttpError("404 Not Found", {"error": f"no such resource: {environ.get('PATH_INFO')}"})

    def app(environ, start_response):
        try:
            status, body, headers = route(environ)
        except HttpError as error:
            status, body, headers = error.status, error.body, error.headers
        if body is None:
            start_response(status, headers)
            return []
        data = json.dumps(body).encode("utf-8")
        start_response(status, [JSON, ("Content-Length", str(len(data)))] + headers)
        return [data]

    return app
