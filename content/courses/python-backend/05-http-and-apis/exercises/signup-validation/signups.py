import json


def make_app():
    """A new WSGI app answering POST /signups (see the instructions)."""
    users = []

    def app(environ, start_response):
        length = int(environ.get("CONTENT_LENGTH") or 0)
        data = json.loads(environ["wsgi.input"].read(length))
        users.append(data)
        body = json.dumps(data).encode("utf-8")
        start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
        return [body]

    return app
