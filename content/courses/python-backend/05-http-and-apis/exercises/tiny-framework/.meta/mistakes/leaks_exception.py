import json
from http import HTTPStatus
from urllib.parse import parse_qs


class HTTPError(Exception):
    """Raise it in a handler to answer `status` with {"error": message}."""

    def __init__(self, status, message):
        super().__init__(message)
        self.status, self.message = status, message


class Request:
    def __init__(self, environ):
        self.method = environ["REQUEST_METHOD"]
        self.path = environ["PATH_INFO"]
        self.query = {name: values[0] for name, values in parse_qs(environ.get("QUERY_STRING", "")).items()}
        self.headers = {key[5:].replace("_", "-").lower(): value for key, value in environ.items() if key.startswith("HTTP_")}
        if environ.get("CONTENT_TYPE"):
            self.headers["content-type"] = environ["CONTENT_TYPE"]
        length = environ.get("CONTENT_LENGTH") or "0"
        self.body = environ["wsgi.input"].read(int(length)) if length.isdigit() else b""

    def json(self):
        try:
            return json.loads(self.body)
        except ValueError:
            raise HTTPError(400, "the body is not valid JSON") from None


def _match(pattern, path):
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


def _status_line(status):
    return f"{status} {HTTPStatus(status).phrase}"


class Tiny:
    """A WSGI app made of routes (see the instructions)."""

    def __init__(self):
        self.routes = []

    def route(self, method, pattern):
        def register(handler):
            self.routes.append((method, pattern, handler))
            return handler

        return register

    def _dispatch(self, request):
        allowed = set()
        for method, pattern, handler in self.routes:
            params = _match(pattern, request.path)
            if params is None:
                continue
            if method != request.method:
                allowed.add(method)
                continue
            result = handler(request, **params)
            if isinstance(result, tuple):
                status, data, *rest = result
                return status, data, dict(rest[0]) if rest else {}
            if result is None:
                return 204, None, {}
            return 200, result, {}
        if allowed:
            raise _NotAllowed(sorted(allowed))
        raise HTTPError(404, "not found")

    def __call__(self, environ, start_response):
        try:
            status, data, headers = self._dispatch(Request(environ))
        except _NotAllowed as error:
            status, data, headers = 405, {"error": "method not allowed"}, {"Allow": ", ".join(error.allowed)}
        except HTTPError as error:
            status, data, headers = error.status, {"error": error.message}, {}
        except Exception as error:
            status, data, headers = 500, {"error": f"internal error: {error!r}"}, {}
        if data is None:
            start_response(_status_line(status), list(headers.items()))
            return []
        body = json.dumps(data).encode("utf-8")
        fixed = [("Content-Type", "application/json"), ("Content-Length", str(len(body)))]
        start_response(_status_line(status), fixed + list(headers.items()))
        return [body]


class _NotAllowed(Exception):
    def __init__(self, allowed):
        super().__init__(allowed)
        self.allowed = allowed
