from urllib.parse import parse_qs

TEXT = "text/plain; charset=utf-8"
ALLOWED = {"/hello": "GET", "/echo": "POST"}


def _respond(start_response, status, body, content_type=TEXT, extra=()):
    start_response(status, [("Content-Type", content_type), ("Content-Length", str(len(body))), *extra])
    return [body]


def app(environ, start_response):
    """GET /hello[?name=...], POST /echo; 405 with Allow, 404 otherwise (see the instructions)."""
    method = environ["REQUEST_METHOD"]
    path = environ.get("PATH_INFO", "")
    if path not in ALLOWED:
        return _respond(start_response, "404 Not Found", f"no page at {path}".encode("utf-8"))
    if method != ALLOWED[path]:
        message = f"{method} is not allowed on {path}".encode("utf-8")
        return _respond(start_response, "404 Not Found", f"no page at {path}".encode("utf-8"))
    if path == "/hello":
        name = parse_qs(environ.get("QUERY_STRING", "")).get("name", [""])[0].strip() or "world"
        return _respond(start_response, "200 OK", f"Hello, {name}!".encode("utf-8"))
    length = environ.get("CONTENT_LENGTH") or "0"
    body = environ["wsgi.input"].read(int(length)) if length.isdigit() else b""
    return _respond(start_response, "200 OK", body, environ.get("CONTENT_TYPE") or "application/octet-stream")
