import json
import re
import sys
import uuid


def with_request_id(app):
    """Give every request an id (environ["request_id"] and an X-Request-Id answer header)."""
    return app


class AccessLog:
    """An app that records "<METHOD> <path> <status> <request id>" for each request in self.lines."""

    def __init__(self, app):
        self.app = app
        self.lines = []

    def __call__(self, environ, start_response):
        return self.app(environ, start_response)


def catch_errors(app):
    """Turn an exception of the inner app into a 500 JSON answer that shows nothing of it."""
    return app


def build(app):
    """(with_request_id(AccessLog(catch_errors(app))), that AccessLog)."""
    log = AccessLog(catch_errors(app))
    return with_request_id(log), log
