import json
import time


class SlowStore:
    """A pretend database: each read and write takes a few milliseconds. Leave it as it is."""

    def __init__(self):
        self._counts = {}

    def get(self, key):
        time.sleep(0.005)
        return self._counts.get(key, 0)

    def set(self, key, value):
        time.sleep(0.005)
        self._counts[key] = value


store = SlowStore()


def _json(start_response, status, body):
    data = json.dumps(body).encode("utf-8")
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(data)))])
    return [data]


def app(environ, start_response):
    """POST /hits/<page> counts a hit; GET /hits/<page> reads the count."""
    page = environ["PATH_INFO"].rsplit("/", 1)[-1]
    if environ["REQUEST_METHOD"] == "POST":
        count = store.get(page) + 1
        store.set(page, count)
        return _json(start_response, "200 OK", {"page": page, "hits": count})
    return _json(start_response, "200 OK", {"page": page, "hits": store.get(page)})
