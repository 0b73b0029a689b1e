"""The WSGI application. Start here: the tests build the app with make_app()."""
import json


def json_response(start_response, status, data, headers=()):
    """Sends `data` as JSON. `status` is a string such as "200 OK"."""
    body = json.dumps(data).encode("utf-8")
    start_response(status, [("Content-Type", "application/json"),
                            ("Content-Length", str(len(body))), *headers])
    return [body]


def make_app():
    """Returns a new WSGI app. Each call starts with no links."""

    def app(environ, start_response):
        method = environ["REQUEST_METHOD"]
        path = environ["PATH_INFO"]
        # TODO: POST /links and GET /<slug> (see the instructions)
        return json_response(start_response, "404 Not Found", {"error": f"no route for {method} {path}"})

    return app
