from urllib.parse import parse_qs

TEXT = [("Content-Type", "text/plain; charset=utf-8")]


def _hello(environ):
    name = parse_qs(environ.get("QUERY_STRING", "")).get("name", ["World"])[0]
    return f"Hello, {name}!"


ROUTES = {
    "/": lambda environ: "Hello, World!",
    "/hello": _hello,
}


def app(environ, start_response):
    path = environ.get("PATH_INFO", "") or "/"
    handler = ROUTES.get(path)
    if handler is None:
        start_response("404 Not Found", TEXT)
        return [f"Not Found: {path}".encode("utf-8")]
    if environ["REQUEST_METHOD"] != "GET":
        start_response("405 Method Not Allowed", TEXT + [("Allow", "GET")])
        return [b"Method Not Allowed"]
    start_response("200 OK", TEXT)
    return [handler(environ).encode("utf-8")]
