import itertools
import json
import urllib.parse

from library_data import BOOKS

LIMIT_ERROR = "limit must be a whole number from 1 to 50"
OFFSET_ERROR = "offset must be a whole number from 0"


def _number(raw, low, high, error):
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise ValueError(error)
    return int(raw)


def _answer(query):
    pairs = urllib.parse.parse_qsl(query, keep_blank_values=True)
    params = {}
    for name, value in pairs:
        if name not in ("genre", "q", "limit", "offset"):
            raise ValueError("unknown parameter: " + name)
        params[name] = value
    limit = _number(params.get("limit", "10"), 1, 50, LIMIT_ERROR)
    offset = _number(params.get("offset", "0"), 0, 10**18, OFFSET_ERROR)

    def keep(book):
        if "genre" in params and book["genre"] != params["genre"]:
            return False
        return "q" not in params or params["q"].casefold() in book["title"].casefold()

    total = sum(1 for book in BOOKS if keep(book))
    page = list(itertools.islice(filter(keep, BOOKS), offset, offset + limit))
    following = None
    if total - offset > limit:
        kept = [(k, params[k]) for k in ("genre", "q") if k in params]
        following = "/books?" + urllib.parse.urlencode(kept + [("limit", limit), ("offset", offset + limit)])
    return {"items": page, "total": total, "limit": limit, "offset": offset, "next": following}


def app(environ, start_response):
    if environ["PATH_INFO"] == "/books":
        try:
            status, payload = "200 OK", _answer(environ.get("QUERY_STRING", ""))
        except ValueError as problem:
            status, payload = "400 Bad Request", {"error": str(problem)}
    else:
        status, payload = "404 Not Found", {"error": "not found"}
    raw = json.dumps(payload).encode()
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(raw)))])
    return [raw]
