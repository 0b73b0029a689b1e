import json
import re
import sys
import uuid

VALID_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")


def with_request_id(app):
    """Give every request an id (environ["request_id"] and an X-Request-Id answer header)."""

    def wrapped(environ, start_response):
        incoming = environ.get("HTTP_X_REQUEST_ID", "")
        request_id = incoming if VALID_ID.fullmatch(incoming) else uuid.uuid4().hex
        environ["request_id"] = request_id

        def start_with_id(status, headers, exc_info=None):
            return start_response(status, list(headers) + [("X-Request-Id", request_id)], exc_info)

        return app(environ, start_with_id)

    return wrapped


class AccessLog:
    """An app that records "<METHOD> <path> <status> <request id>" for each request in self.lines."""

    def __init__(self, app):
        self.app = app
        self.lines = []

    def __call__(self, environ, start_response):
        seen = {}

        def start_and_note(status, headers, exc_info=None):
            seen["status"] = status.split(" ", 1)[0]
            return start_response(status, headers, exc_info)

        result = self.app(environ, start_and_note)
        request_id = environ.get("request_id", "-")
        self.lines.append(f"{environ['REQUEST_METHOD']} {environ['PATH_INFO']} {seen.get('status', '-')} {request_id}")
        return result


def catch_errors(app):
    """Turn an exception of the inner app into a 500 JSON answer that shows nothing of it."""

    def wrapped(environ, start_response):
        started = []

        def start_and_remember(status, headers, exc_info=None):
            started.append(status)
            return start_response(status, headers, exc_info)

        try:
            return list(app(environ, start_and_remember))
        except Exception:
            answer = {"error": "internal error", "request_id": environ.get("request_id", "-")}
            body = json.dumps(answer).encode("utf-8")
            headers = [("Content-Type", "application/json"), ("Content-Length", str(len(body)))]
            start_response("500 Internal Server Error", headers, sys.exc_info() if started else None)
            return [body]

    return wrapped


def build(app):
    """(with_request_id(AccessLog(catch_errors(app))), that AccessLog)."""
    log = AccessLog(app)
    return with_request_id(catch_errors(log)), log
