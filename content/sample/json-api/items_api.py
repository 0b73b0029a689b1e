import json


def make_app():
    """A new WSGI app with its own empty to-do list."""
    items = []

    def app(environ, start_response):
        start_response("200 OK", [("Content-Type", "application/json")])
        return [json.dumps(items).encode("utf-8")]

    return app
