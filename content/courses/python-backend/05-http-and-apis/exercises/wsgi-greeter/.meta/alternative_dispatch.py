import urllib.parse


def hello(environ):
    query = dict(urllib.parse.parse_qsl(environ.get("QUERY_STRING", ""), keep_blank_values=True))
    who = query.get("name", "").strip()
    return 200, "text/plain; charset=utf-8", ("Hello, %s!" % (who if who else "world")).encode()


def echo(environ):
    size = int(environ.get("CONTENT_LENGTH") or 0)
    data = environ["wsgi.input"].read(size)
    return 200, environ.get("CONTENT_TYPE") or "application/octet-stream", data


ROUTES = {("GET", "/hello"): hello, ("POST", "/echo"): echo}
REASONS = {200: "OK", 404: "Not Found", 405: "Method Not Allowed"}


def app(environ, start_response):
    key = (environ["REQUEST_METHOD"], environ["PATH_INFO"])
    extra = []
    if key in ROUTES:
        code, kind, payload = ROUTES[key](environ)
    else:
        methods = sorted(m for (m, p) in ROUTES if p == key[1])
        if methods:
            code, kind, payload = 405, "text/plain; charset=utf-8", b"method not allowed"
            extra = [("Allow", ", ".join(methods))]
        else:
            code, kind, payload = 404, "text/plain; charset=utf-8", ("no page at " + key[1]).encode()
    headers = [("Content-Type", kind), ("Content-Length", "%d" % len(payload))] + extra
    start_response("%d %s" % (code, REASONS[code]), headers)
    return iter([payload])
