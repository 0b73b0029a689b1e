def app(environ, start_response):
    """GET /hello[?name=...], POST /echo; 405 with Allow, 404 otherwise (see the instructions)."""
    start_response("200 OK", [("Content-Type", "text/plain; charset=utf-8")])
    return [b"Hello, world!"]
