import json


class HTTPError(Exception):
    """Raise it in a handler to answer `status` with {"error": message}."""

    def __init__(self, status, message):
        super().__init__(message)
        self.status, self.message = status, message


class Request:
    def __init__(self, environ):
        self.method = environ["REQUEST_METHOD"]
        self.path = environ["PATH_INFO"]


class Tiny:
    """A WSGI app made of routes (see the instructions)."""

    def __init__(self):
        self.routes = []

    def route(self, method, pattern):
        def register(handler):
            self.routes.append((method, pattern, handler))
            return handler

        return register

    def __call__(self, environ, start_response):
        request = Request(environ)
        for method, pattern, handler in self.routes:
            if method == request.method and pattern == request.path:
                body = json.dumps(handler(request)).encode("utf-8")
                start_response("200 OK", [("Content-Type", "application/json")])
                return [body]
        start_response("404 Not Found", [("Content-Type", "application/json")])
        return [b'{"error": "not found"}']
