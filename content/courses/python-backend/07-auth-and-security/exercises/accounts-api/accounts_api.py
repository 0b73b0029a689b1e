"""The accounts API: sign-up, login with a signed token, and per-user notes. See the instructions."""

import json

from kdf import pbkdf2_sha256  # noqa: F401  (hash passwords with it)

ITERATIONS = 1_000  # small for the tests; hundreds of thousands in production


def make_app(secret_key, clock, admins=()):
    """A WSGI app. `secret_key` (bytes) signs tokens; `clock()` gives the time in seconds;
    user names in `admins` get the role "admin" when they sign up."""

    def app(environ, start_response):
        body = json.dumps({"error": "not found"}).encode()
        start_response("404 Not Found", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
        return [body]

    return app
