"""A small app to wrap (read-only). It knows nothing about request ids, logs or errors."""


def demo_app(environ, start_response):
    path = environ["PATH_INFO"]
    if path == "/hello":
        body = f"hello, request {environ.get('request_id')}".encode("utf-8")
        start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
        return [body]
    if path == "/boom":
        # A bug: the message holds something no client may ever see.
        raise RuntimeError("could not connect to postgres://admin:hunter2@db.internal/orders")
    if path == "/late-boom":
        start_response("200 OK", [("Content-Type", "text/plain")])
        raise KeyError("price_cents")
    start_response("404 Not Found", [("Content-Type", "text/plain"), ("Content-Length", "9")])
    return [b"not found"]
