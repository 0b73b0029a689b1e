import json


class NotFound(Exception):
    """No route matches the path."""


class MethodNotAllowed(Exception):
    """Routes match the path, but not with this method."""

    def __init__(self, allowed):
        super().__init__(f"allowed: {', '.join(allowed)}")
        self.allowed = allowed


def _match(pattern, path):
    """The params when pattern matches the whole path, else None."""
    wanted, given = pattern.split("/"), path.split("/")
    if len(wanted) != len(given):
        return None
    params = {}
    for expected, segment in zip(wanted, given):
        if expected.startswith("{") and expected.endswith("}"):
            name, _, kind = expected[1:-1].partition(":")
            if not segment or (kind == "int" and not segment.isdigit()):
                return None
            params[name] = int(segment) if kind == "int" else segment
        elif expected != segment:
            return None
    return params


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
