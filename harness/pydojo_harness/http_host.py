"""Calls the learner's WSGI (PEP 3333) or ASGI 3 app where the learner's code runs (the host
process, or the one interpreter of an in-process run), and serves it on a real socket for
`live_server`.

The judge (http_client.py) sends a request as plain data and gets the response back as one
JSON string: {"status", "reason", "headers": [[name, value]], "body": base64, "over": bool,
"kind"}. Rules of the specs the app breaks are raised here as errors that name the rule. The
learner's process can reach this module and change it; what it answers is only ever a
response, which the judge validates and bounds again (docs/security.md). Imported before any
learner code (judge preload, host.py), with everything it uses bound at import time, so a
learner file named like a standard module cannot stand in for one.
"""
import binascii
import http
import inspect
import io
import json
import re
import sys
import threading
import urllib.parse

_b2a = binascii.b2a_base64
_a2b = binascii.a2b_base64
_dumps = json.dumps
_unquote_to_bytes = urllib.parse.unquote_to_bytes
_HTTPStatus = http.HTTPStatus

BODY_LIMIT = 1024 * 1024  # the judge's bound; the host stops reading one byte after it
MAX_HEADERS = 1000  # response headers (real servers refuse far fewer)

_STATUS_RE = re.compile(r"\A([1-5][0-9][0-9]) ([^\r\n]*)\Z")
_TOKEN_RE = re.compile(r"\A[!#$%&'*+\-.^_`|~0-9A-Za-z]+\Z")
_HOP_BY_HOP = frozenset(
    ["connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailers",
     "transfer-encoding", "upgrade"]
)


class SpecError(TypeError):
    """The app broke a rule of PEP 3333 or ASGI 3; the message names the rule."""


def _plain_str(value):
    return str.__getitem__(value, slice(None))


def _plain_bytes(value):
    return bytes(memoryview(value))


def is_asgi(app):
    """ASGI when the app (or its __call__) is a coroutine function; WSGI otherwise."""
    if inspect.iscoroutinefunction(app):
        return True
    call = getattr(type(app), "__call__", None)
    return not inspect.isfunction(app) and not inspect.ismethod(app) and inspect.iscoroutinefunction(call)


# ---------------------------------------------------------------------------------------------
# The request, as the judge sends it


def _request(data):
    req = json.loads(data) if isinstance(data, str) else data
    headers = [(str(k), str(v)) for k, v in req.get("headers", [])]
    body = _a2b(req.get("body", "").encode("ascii")) if req.get("body") else b""
    return req, headers, body


def _split_target(target):
    path, _, query = target.partition("?")
    return path, query


def build_environ(req, headers, body, errors=None):
    """The WSGI environ of a request (PEP 3333)."""
    path, query = _split_target(req["target"])
    root = req.get("root_path", "")
    path_info = _unquote_to_bytes(path).decode("latin-1")
    if root and path_info.startswith(root):
        path_info = path_info[len(root):]
    server_name, server_port = req.get("server", ["localhost", 80])
    client_host, client_port = req.get("client", ["127.0.0.1", 50000])
    environ = {
        "REQUEST_METHOD": req["method"],
        "SCRIPT_NAME": root,
        "PATH_INFO": path_info,
        "QUERY_STRING": query,
        "SERVER_NAME": str(server_name),
        "SERVER_PORT": str(server_port),
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": str(client_host),
        "REMOTE_PORT": str(client_port),
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": req.get("scheme", "http"),
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": errors if errors is not None else sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
        "wsgi.input_terminated": True,
    }
    for name, value in headers:
        key = name.upper().replace("-", "_")
        if key == "CONTENT_TYPE":
            environ["CONTENT_TYPE"] = value
        elif key == "CONTENT_LENGTH":
            environ["CONTENT_LENGTH"] = value
        else:
            key = "HTTP_" + key
            environ[key] = environ[key] + "," + value if key in environ else value
    return environ


def build_scope(req, headers):
    """The ASGI 3 `http` scope of a request."""
    path, query = _split_target(req["target"])
    root = req.get("root_path", "")
    server_name, server_port = req.get("server", ["localhost", 80])
    client_host, client_port = req.get("client", ["127.0.0.1", 50000])
    return {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": req["method"],
        "scheme": req.get("scheme", "http"),
        "path": _unquote_to_bytes(path).decode("utf-8", "replace"),
        "raw_path": path.encode("latin-1", "replace"),
        "query_string": query.encode("latin-1", "replace"),
        "root_path": root,
        "headers": [[k.lower().encode("latin-1"), v.encode("latin-1")] for k, v in headers],
        "client": [str(client_host), int(client_port)],
        "server": [str(server_name), int(server_port)],
        "state": {},
    }


# ---------------------------------------------------------------------------------------------
# WSGI


def _check_wsgi_headers(headers):
    if type(headers) is not list:
        raise SpecError(
            f"headers must be a list of (str, str) tuples (PEP 3333), got {type(headers).__name__}: "
            "start_response('200 OK', [('Content-Type', 'text/plain')])"
        )
    if len(headers) > MAX_HEADERS:
        raise SpecError(f"the response has {len(headers)} headers; at most {MAX_HEADERS} are accepted")
    out = []
    for item in headers:
        if type(item) is not tuple or len(item) != 2 or not all(isinstance(p, str) for p in item):
            raise SpecError(
                f"headers must be a list of (str, str) tuples (PEP 3333), got the item {item!r}: "
                "write each header as ('Name', 'value')"
            )
        name, value = _plain_str(item[0]), _plain_str(item[1])
        if not _TOKEN_RE.match(name):
            raise SpecError(f"header name {name!r} is not a valid HTTP header name (no spaces, colons or newlines)")
        if "\r" in value or "\n" in value:
            raise SpecError(f"the value of header {name!r} contains a line break, which would split the response")
        if name.lower() in _HOP_BY_HOP:
            raise SpecError(f"a WSGI app may not set the hop-by-hop header {name!r} (PEP 3333): the server decides it")
        try:
            value.encode("latin-1")
        except UnicodeEncodeError:
            raise SpecError(f"the value of header {name!r} must be latin-1 text (encode other text, e.g. percent-encoding)") from None
        out.append([name, value])
    return out


def _parse_status(status):
    if not isinstance(status, str):
        raise SpecError(f"status must be a str like '200 OK' (PEP 3333), got {type(status).__name__} {status!r}")
    plain = _plain_str(status)
    match = _STATUS_RE.match(plain)
    if not match:
        raise SpecError(f"status must be a str like '200 OK': three digits, a space and a reason, got {plain!r}")
    return int(match.group(1)), match.group(2)


def call_wsgi(app, req, headers, body, limit=BODY_LIMIT):
    state = {"status": None, "headers": None, "sent": False}
    chunks = []
    size = [0]

    def start_response(status, response_headers, exc_info=None):
        if exc_info is not None:
            try:
                if state["sent"]:
                    raise exc_info[1].with_traceback(exc_info[2])
            finally:
                exc_info = None
        elif state["status"] is not None:
            raise SpecError("start_response was called twice without exc_info (PEP 3333 allows a second call only to report an error)")
        state["status"] = _parse_status(status)
        state["headers"] = _check_wsgi_headers(response_headers)
        return write

    def take(chunk, where):
        if not isinstance(chunk, (bytes, bytearray)):
            raise SpecError(
                f"body must be bytes: {where} {type(chunk).__name__} {chunk!r:.60} "
                "(encode text, e.g. 'Hello'.encode('utf-8'), and return a list of bytes: [b'Hello'])"
            )
        if chunk:
            if state["status"] is None:
                raise SpecError("start_response was not called before the body (PEP 3333): call it before returning or yielding the body")
            state["sent"] = True
            chunks.append(_plain_bytes(chunk))
            size[0] += len(chunk)

    def write(chunk):
        take(chunk, "write() was given")

    if not callable(app):
        raise SpecError(f"the app must be callable: app(environ, start_response), got {type(app).__name__}")
    result = app(build_environ(req, headers, body), start_response)
    over = False
    try:
        if isinstance(result, (str, bytes)):
            raise SpecError(
                f"the app must return an iterable of bytes, such as [b'Hello'], not a single {type(result).__name__} "
                "(a str or bytes would be sent one character at a time)"
            )
        for chunk in result:
            take(chunk, "the app's iterable yielded")
            if size[0] > limit:
                over = True
                break
    finally:
        close = getattr(result, "close", None)
        if close is not None:
            close()
    if state["status"] is None:
        raise SpecError("start_response was not called: a WSGI app must call start_response(status, headers) before it returns")
    code, reason = state["status"]
    return {"status": code, "reason": reason, "headers": state["headers"], "body": b"".join(chunks), "over": over, "kind": "wsgi"}


# ---------------------------------------------------------------------------------------------
# ASGI


class _Stop(BaseException):
    """Ends an ASGI app that sends more than the body limit."""


def _asgi_headers(value):
    out = []
    try:
        items = list(value)
    except TypeError:
        raise SpecError(f"headers must be a list of [name, value] byte pairs (ASGI), got {type(value).__name__}") from None
    if len(items) > MAX_HEADERS:
        raise SpecError(f"the response has {len(items)} headers; at most {MAX_HEADERS} are accepted")
    for item in items:
        try:
            name, val = item
        except (TypeError, ValueError):
            raise SpecError(f"headers must be a list of [name, value] byte pairs (ASGI), got the item {item!r:.80}") from None
        if not isinstance(name, bytes) or not isinstance(val, bytes):
            raise SpecError(
                f"header names and values must be bytes (ASGI), got {item!r:.80}: write [b'content-type', b'text/plain']"
            )
        name, val = _plain_bytes(name).decode("latin-1"), _plain_bytes(val).decode("latin-1")
        if not _TOKEN_RE.match(name):
            raise SpecError(f"header name {name!r} is not a valid HTTP header name")
        if "\r" in val or "\n" in val:
            raise SpecError(f"the value of header {name!r} contains a line break, which would split the response")
        out.append([name, val])
    return out


def call_asgi(app, req, headers, body, limit=BODY_LIMIT):
    import asyncio

    if sys.platform == "emscripten":  # asyncio.run without the browser's stack switching
        from pydojo_harness import concurrency  # noqa: F401

    state = {"start": None, "done": False, "delivered": False}
    chunks = []
    size = [0]
    over = [False]
    finished = asyncio.Event() if sys.version_info >= (3, 10) else None

    async def receive():
        if not state["delivered"]:
            state["delivered"] = True
            step = 64 * 1024
            pieces = [body[i:i + step] for i in range(0, len(body), step)] or [b""]
            state["pending"] = pieces
        pending = state.get("pending")
        if pending:
            piece = pending.pop(0)
            return {"type": "http.request", "body": piece, "more_body": bool(pending)}
        # The whole request was read: the next message is the client going away, once the
        # response is complete (as a server does when the connection closes).
        if finished is not None:
            await finished.wait()
        return {"type": "http.disconnect"}

    async def send(message):
        if not isinstance(message, dict):
            raise SpecError(f"send() takes a dict message like {{'type': 'http.response.start', ...}}, got {type(message).__name__}")
        kind = message.get("type")
        if kind == "http.response.start":
            if state["start"] is not None:
                raise SpecError("http.response.start was sent twice: send it once, then http.response.body")
            status = message.get("status")
            if not isinstance(status, int) or isinstance(status, bool):
                raise SpecError(f"status must be an int like 200 (ASGI), got {type(status).__name__} {status!r}")
            status = int.__index__(status)
            if not 100 <= status <= 599:
                raise SpecError(f"status must be between 100 and 599, got {status}")
            state["start"] = (status, _asgi_headers(message.get("headers", [])))
        elif kind == "http.response.body":
            if state["start"] is None:
                raise SpecError("http.response.body was sent before http.response.start: send the status and headers first")
            if state["done"]:
                raise SpecError("a message was sent after the response was complete (the last http.response.body had more_body=False)")
            chunk = message.get("body", b"")
            if not isinstance(chunk, (bytes, bytearray)):
                raise SpecError(
                    f"body must be bytes (ASGI), got {type(chunk).__name__} {chunk!r:.60}: encode text, e.g. 'Hello'.encode('utf-8')"
                )
            chunks.append(_plain_bytes(chunk))
            size[0] += len(chunk)
            if not message.get("more_body", False):
                state["done"] = True
                if finished is not None:
                    finished.set()
            if size[0] > limit:
                over[0] = True
                raise _Stop()
        else:
            raise SpecError(f"unknown message type {kind!r}: an HTTP app sends 'http.response.start', then 'http.response.body'")

    async def main():
        result = app(build_scope(req, headers), receive, send)
        if not inspect.isawaitable(result):
            raise SpecError("an ASGI app must be `async def app(scope, receive, send)`: calling it did not give a coroutine")
        try:
            await result
        except _Stop:
            pass

    asyncio.run(main())
    if state["start"] is None:
        raise SpecError("the app returned without sending http.response.start: await send({'type': 'http.response.start', 'status': 200, 'headers': [...]})")
    if not state["done"] and not over[0]:
        raise SpecError("the app returned before the response was complete: the last http.response.body must have more_body=False (the default)")
    status, response_headers = state["start"]
    return {"status": status, "reason": _reason(status), "headers": response_headers, "body": b"".join(chunks),
            "over": over[0], "kind": "asgi"}


def _reason(status):
    try:
        return _HTTPStatus(status).phrase
    except ValueError:
        return ""


# ---------------------------------------------------------------------------------------------
# The judge's entry point: one call per request


def call(app, request_json, kind=None):
    """Runs one request through the app; returns the response as one JSON string."""
    req, headers, body = _request(request_json)
    asgi = (kind == "asgi") if kind else is_asgi(app)
    response = (call_asgi if asgi else call_wsgi)(app, req, headers, body)
    data = response["body"]
    if len(data) > BODY_LIMIT:
        data = data[: BODY_LIMIT + 1]
        response["over"] = True
    response["body"] = _b2a(data, newline=False).decode("ascii")
    return _dumps(response)


# ---------------------------------------------------------------------------------------------
# live_server: a real HTTP server on 127.0.0.1 (CPython only)

_servers = {}


def serve(app, host="127.0.0.1"):
    """Starts the app on a threaded wsgiref server on a free port; returns [id, host, port]."""
    import socketserver
    from wsgiref.simple_server import WSGIRequestHandler, WSGIServer

    if is_asgi(app):
        app = _asgi_as_wsgi(app)

    class Server(socketserver.ThreadingMixIn, WSGIServer):
        daemon_threads = True
        block_on_close = False
        allow_reuse_address = True

    class Quiet(WSGIRequestHandler):
        def log_message(self, *args):
            pass

    server = Server((host, 0), Quiet)
    server.set_app(app)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    key = len(_servers) + 1
    while key in _servers:
        key += 1
    _servers[key] = (server, thread)
    return [key, host, server.server_address[1]]


def _asgi_as_wsgi(asgi_app):
    """Serves an ASGI app from the threaded WSGI server: each request runs the app to the end on
    its own event loop (in its thread), with the same scope, messages and rules as `client`."""

    def app(environ, start_response):
        length = environ.get("CONTENT_LENGTH") or "0"
        body = environ["wsgi.input"].read(int(length)) if length.isdigit() else b""
        path = urllib.parse.quote(environ.get("PATH_INFO", "").encode("latin-1"), safe="/%:@!$&'()*+,;=~-._")
        query = environ.get("QUERY_STRING", "")
        headers = []
        for key, value in environ.items():
            if key.startswith("HTTP_"):
                headers.append((key[5:].replace("_", "-").lower(), value))
            elif key in ("CONTENT_TYPE", "CONTENT_LENGTH") and value:
                headers.append((key.replace("_", "-").lower(), value))
        req = {
            "method": environ["REQUEST_METHOD"],
            "target": path + ("?" + query if query else ""),
            "server": [environ.get("SERVER_NAME", "127.0.0.1"), int(environ.get("SERVER_PORT") or 80)],
            "client": [environ.get("REMOTE_ADDR", "127.0.0.1"), int(environ.get("REMOTE_PORT") or 0)],
        }
        response = call_asgi(asgi_app, req, headers, body)
        kept = [(k, v) for k, v in response["headers"] if k.lower() not in _HOP_BY_HOP]
        start_response(f"{response['status']} {response['reason']}".rstrip(), kept)
        return [response["body"][:BODY_LIMIT]]

    return app


def stop(key):
    """Stops a server started by `serve` (its open connections are left to die with it)."""
    entry = _servers.pop(key, None)
    if entry is None:
        return False
    server, thread = entry
    server.shutdown()
    server.server_close()
    thread.join(2)
    return True
