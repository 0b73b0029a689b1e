"""Requests, responses and HTTP errors: the small layer between WSGI and the handlers."""

import json
from http import HTTPStatus
from urllib.parse import parse_qs


class HTTPError(Exception):
    """Raised by a handler to answer with an error status and {"error": message}."""

    def __init__(self, status, message, headers=()):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = list(headers)


class Request:
    def __init__(self, environ):
        self.environ = environ
        self.method = environ["REQUEST_METHOD"].upper()
        self.path = environ.get("PATH_INFO") or "/"
        query = parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True)
        self.query = {name: values[-1] for name, values in query.items()}

    def header(self, name, default=None):
        key = name.upper().replace("-", "_")
        if key in ("CONTENT_TYPE", "CONTENT_LENGTH"):
            return self.environ.get(key) or default
        return self.environ.get("HTTP_" + key, default)

    def body(self):
        try:
            length = int(self.environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            raise HTTPError(400, "Content-Length is not a number") from None
        return self.environ["wsgi.input"].read(length) if length > 0 else b""

    def json(self):
        """The body as a JSON object: 415 unless it is labelled JSON, 400 unless it is an object."""
        media_type = (self.header("Content-Type") or "").split(";")[0].strip().lower()
        if media_type != "application/json":
            raise HTTPError(415, "send the body as JSON, with Content-Type: application/json")
        try:
            data = json.loads(self.body().decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise HTTPError(400, "the body is not valid JSON") from None
        if not isinstance(data, dict):
            raise HTTPError(400, "the body must be a JSON object")
        return data


class Response:
    def __init__(self, status, body=b"", headers=()):
        self.status = status
        self.body = body
        self.headers = list(headers)

    def status_line(self):
        return f"{self.status} {HTTPStatus(self.status).phrase}"


def json_response(status, data, headers=()):
    body = json.dumps(data).encode("utf-8")
    return Response(status, body, [("Content-Type", "application/json"), *headers])


def no_content():
    return Response(204)


def error_response(status, message, headers=()):
    return json_response(status, {"error": message}, headers)
