"""The HTTP side: a thin request wrapper, JSON responses, and errors that become responses.

Handlers raise HTTPError for anything the client got wrong; the app turns it into
`{"error": "..."}` with the right status, so no handler builds an error by hand.
"""
import json
from http import HTTPStatus

MAX_BODY = 64 * 1024


class HTTPError(Exception):
    """An answer other than success: a status, a message for the client, extra headers."""

    def __init__(self, status, message, headers=()):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = list(headers)


class Request:
    def __init__(self, environ):
        self.environ = environ
        self.method = environ.get("REQUEST_METHOD", "GET").upper()
        self.path = environ.get("PATH_INFO") or "/"

    def header(self, name, default=None):
        """A request header by its usual name ("Content-Type", "X-API-Key")."""
        key = name.upper().replace("-", "_")
        if key not in ("CONTENT_TYPE", "CONTENT_LENGTH"):
            key = "HTTP_" + key
        return self.environ.get(key, default)

    def json(self):
        """The body as a JSON object (a dict), or a 400."""
        try:
            length = int(self.environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > MAX_BODY:
            raise HTTPError(413, f"the body is larger than {MAX_BODY} bytes")
        raw = self.environ["wsgi.input"].read(length) if length > 0 else b""
        try:
            data = json.loads(raw)
        except ValueError:  # also UnicodeDecodeError
            raise HTTPError(400, "the body must be a JSON object") from None
        if not isinstance(data, dict):
            raise HTTPError(400, "the body must be a JSON object")
        return data


class Response:
    def __init__(self, status, body=b"", headers=()):
        self.status = status
        self.body = body
        self.headers = list(headers)

    def send(self, start_response):
        phrase = HTTPStatus(self.status).phrase
        headers = [*self.headers, ("Content-Length", str(len(self.body)))]
        start_response(f"{self.status} {phrase}", headers)
        return [self.body]


def json_response(status, data, headers=()):
    body = json.dumps(data).encode("utf-8")
    return Response(status, body, [("Content-Type", "application/json"), *headers])


def error_response(status, message, headers=()):
    return json_response(status, {"error": message}, headers)
