import json
from urllib.parse import parse_qs, urlencode

from library_data import BOOKS

ALLOWED = ("genre", "q", "limit", "offset")


class BadRequest(Exception):
    pass


def _whole(params, name, default, smallest, largest, message):
    if name not in params:
        return default
    text = params[name][-1]
    if not text.isdigit() or not smallest <= int(text) <= largest:
        raise BadRequest(message)
    return int(text)


def _page(query):
    params = parse_qs(query, keep_blank_values=True)
    for name in params:
        if name not in ALLOWED:
            raise BadRequest(f"unknown parameter: {name}")
    limit = _whole(params, "limit", 10, 1, 50, "limit must be a whole number from 1 to 50")
    offset = _whole(params, "offset", 0, 0, float("inf"), "offset must be a whole number from 0")
    filters = {name: params[name][-1] for name in ("genre", "q") if name in params}
    matching = BOOKS
    if "genre" in filters:
        matching = [book for book in matching if book["genre"] == filters["genre"]]
    if "q" in filters:
        needle = filters["q"].lower()
        matching = [book for book in matching if needle in book["title"].lower()]
    total = len(matching)
    following = None
    if offset + limit < total:
        following = "/books?" + urlencode({**filters, "limit": limit, "offset": offset + limit})
    return {"items": matching[offset : offset + limit], "total": total, "limit": limit, "offset": offset, "next": following}


def app(environ, start_response):
    """GET /books with limit, offset, genre and q (see the instructions)."""
    if environ["PATH_INFO"] != "/books":
        status, answer = "404 Not Found", {"error": "not found"}
    else:
        try:
            status, answer = "200 OK", _page(environ.get("QUERY_STRING", ""))
        except BadRequest as error:
            status, answer = "400 Bad Request", {"error": str(error)}
    body = json.dumps(answer).encode("utf-8")
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]
