import json
import threading
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
lock = threading.Lock()


def _json(start_response, status, body):
    data = json.dumps(body).encode("utf-8")
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(data)))])
    return [data]


def app(environ, start_response):
    parts = environ.get("PATH_INFO", "").strip("/").split("/")
    if len(parts) != 2 or parts[0] != "hits" or not parts[1]:
        return _json(start_response, "404 Not Found", {"error": "not found"})
    page, method = parts[1], environ["REQUEST_METHOD"]
    if method == "POST":
        with lock:
            count = store.get(page) + 1
            store.set(page, count)
        return _json(start_response, "200 OK", {"page": page, "hits": count})
    if method == "GET":
        return _json(start_response, "200 OK", {"page": page, "hits": store.get(page)})
    return _json(start_response, "405 Method Not Allowed", {"error": "use GET or POST"})
