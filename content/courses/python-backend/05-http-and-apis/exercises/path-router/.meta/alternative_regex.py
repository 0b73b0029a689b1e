import json


class NotFound(Exception):
    """No route matches the path."""


class MethodNotAllowed(Exception):
    """Routes match the path, but not with this method."""

    def __init__(self, allowed):
        super().__init__(f"allowed: {', '.join(allowed)}")
        self.allowed = allowed


import re

_PARAM = re.compile(r"\{(\w+)(?::(int))?\}")


def _compile(pattern):
    parts, last, ints = [], 0, set()
    for found in _PARAM.finditer(pattern):
        parts.append(re.escape(pattern[last:found.start()]))
        parts.append(f"(?P<{found[1]}>[0-9]+)" if found[2] else f"(?P<{found[1]}>[^/]+)")
        if found[2]:
            ints.add(found[1])
        last = found.end()
    parts.append(re.escape(pattern[last:]))
    return re.compile("".join(parts)), ints


def _match(pattern, path):
    regex, ints = _compile(pattern)
    found = regex.fullmatch(path)
    if found is None:
        return None
    return {k: int(v) if k in ints else v for k, v in found.groupdict().items()}


class Router:
    def __init__(self):
        self.routes = []

    def add(self, method, pattern, handler):
        self.routes.append((method, pattern, handler))

    def resolve(self, method, path):
        """Return (handler, params) for the first matching route (see the instructions)."""
        methods = set()
        for route_method, pattern, handler in self.routes:
            params = _match(pattern, path)
            if params is None:
                continue
            if route_method == method:
                return handler, params
            methods.add(route_method)
        if methods:
            raise MethodNotAllowed(sorted(methods))
        raise NotFound(path)

# The app: do not change the handlers, finish `app`.


def list_notes():
    return [{"id": 1}, {"id": 2}]


def show_note(note_id):
    return {"id": note_id}


def delete_note(note_id):
    return {"deleted": note_id}


def notes_of(name):
    return {"owner": name, "notes": []}


ROUTER = Router()
ROUTER.add("GET", "/notes", list_notes)
ROUTER.add("GET", "/notes/{note_id:int}", show_note)
ROUTER.add("DELETE", "/notes/{note_id:int}", delete_note)
ROUTER.add("GET", "/users/{name}/notes", notes_of)


def app(environ, start_response):
    headers = [("Content-Type", "application/json")]
    try:
        handler, params = ROUTER.resolve(environ["REQUEST_METHOD"], environ["PATH_INFO"])
        status, answer = "200 OK", handler(**params)
    except NotFound:
        status, answer = "404 Not Found", {"error": "not found"}
    except MethodNotAllowed as error:
        status, answer = "405 Method Not Allowed", {"error": "method not allowed"}
        headers.append(("Allow", ", ".join(error.allowed)))
    body = json.dumps(answer).encode("utf-8")
    start_response(status, headers + [("Content-Length", str(len(body)))])
    return [body]
