"""The WSGI application. Start here: make_app() must return a new, empty app each time."""

import json


def make_app():
    """A new Bookshelf app: a WSGI callable app(environ, start_response)."""

    def app(environ, start_response):
        method = environ["REQUEST_METHOD"]
        path = environ.get("PATH_INFO") or "/"
        # TODO: route /books, /books/<id>, /members and /members/<id> (see the instructions).
        body = json.dumps({"error": f"nothing at {method} {path}"}).encode("utf-8")
        start_response("404 Not Found", [("Content-Type", "application/json")])
        return [body]

    return app
