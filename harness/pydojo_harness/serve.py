"""Serves the learner's own WSGI or ASGI app to the learner: `pydojo run` (a real HTTP server on
their machine, run by their own Python) and the web app's request panel (one request at a time
in the browser's Python, through the same in-process calls as the `client` fixture).

Nothing here grades: the learner pokes their own app, so there is no judge/host split. An app is
named "module:attribute" or "module:factory()" (docs/exercise-format.md#http-apps).

    python3 serve.py --root DIR --app items_api:make_app() [--host 127.0.0.1] [--port 0]

prints one line `PYDOJO-READY {"host", "port", "kind"}` once it listens (or `PYDOJO-ERROR
{"error", "message"}` and exits 3 when it can't), then a line per request on stderr. An app
that fails to import is still served: every request answers 500 with the traceback, so the
server (and `pydojo run`'s reloading) survives a SyntaxError.
"""
import importlib
import io
import json
import os
import re
import sys
import time
import traceback

if __name__ == "__main__" and __package__ in (None, ""):
    # Run as a script: make the package importable and keep its folder off sys.path.
    _here = os.path.dirname(os.path.abspath(__file__))
    sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != _here]
    sys.path.insert(0, os.path.dirname(_here))
    __package__ = "pydojo_harness"  # noqa: A001
    importlib.import_module("pydojo_harness")

from pydojo_harness import http_host  # noqa: E402

_SPEC_RE = re.compile(r"\A([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*):([A-Za-z_]\w*)(\(\))?\Z")
_HARNESS_DIR = os.path.dirname(os.path.abspath(__file__))
_IMPORTLIB_DIR = os.path.dirname(os.path.abspath(importlib.__file__))
_STDLIB_DIR = os.path.dirname(os.path.abspath(os.__file__))
OUTPUT_LIMIT = 64 * 1024


class AppNotFound(LookupError):
    """The app named by the spec is not there; the message says what to define."""


def parse_spec(spec):
    """("module", "attribute", is_factory) of "module:attribute" or "module:factory()"."""
    match = _SPEC_RE.match(spec or "")
    if not match:
        raise ValueError(f"the app must be named like 'module:app' or 'module:make_app()', got {spec!r}")
    return match.group(1), match.group(2), bool(match.group(3))


def load_app(spec):
    """Imports the app's module (as it is now: a cached copy is dropped first) and returns the
    app, calling the factory for "module:factory()"."""
    module_name, attr, factory = parse_spec(spec)
    sys.modules.pop(module_name, None)
    importlib.invalidate_caches()
    module = importlib.import_module(module_name)
    shown = module_name.replace(".", "/") + ".py"
    try:
        value = getattr(module, attr)
    except AttributeError:
        if factory:
            raise AppNotFound(f"{shown} has no `{attr}`: define `def {attr}():` returning your app") from None
        raise AppNotFound(
            f"{shown} has no `{attr}`: define `def {attr}(environ, start_response)` (WSGI) or "
            f"`async def {attr}(scope, receive, send)` (ASGI) at the top level"
        ) from None
    if factory:
        value = value()
    if not callable(value):
        raise AppNotFound(f"`{attr}{'()' if factory else ''}` in {shown} is a {type(value).__name__}, not an app")
    return value


def learner_traceback(exc, root=None):
    """The exception's traceback without the harness's own frames (the learner's code only);
    file names relative to `root` when given (the panel's folder means nothing to the learner)."""
    text = "".join(_formatted(exc))
    return text.replace(f'"{root}/', '"') if root else text


def _learners(filename):
    """A frame worth showing: not the harness's, the import machinery's or the standard
    library's (the server's own frames); installed packages (site-packages) stay."""
    if filename.startswith("<frozen"):
        return False
    full = os.path.abspath(filename)
    if full.startswith((_HARNESS_DIR + os.sep, _IMPORTLIB_DIR + os.sep)):
        return False
    return not (full.startswith(_STDLIB_DIR + os.sep) and "-packages" + os.sep not in full)


def _formatted(exc):
    tb = traceback.TracebackException.from_exception(exc)
    pending = [tb]
    seen = set()
    while pending:
        item = pending.pop()
        if item is None or id(item) in seen:
            continue
        seen.add(id(item))
        item.stack = traceback.StackSummary.from_list([f for f in item.stack if _learners(f.filename)])
        pending.extend([item.__cause__, item.__context__])
    return tb.format()


# ---------------------------------------------------------------------------------------------
# The request panel (the browser's Python): one request, in this interpreter

_panel = {"root": None, "spec": None, "modules": (), "app": None, "error": None}


class _Output(io.TextIOBase):
    """What the app prints while it answers: the first 64 KB."""

    def __init__(self):
        super().__init__()
        self.parts = []
        self.size = 0

    def writable(self):
        return True

    def write(self, text):
        text = str(text)
        room = OUTPUT_LIMIT - self.size
        if room > 0:
            self.parts.append(text[:room])
            self.size += min(len(text), room)
        return len(text)

    def getvalue(self):
        return "".join(self.parts)


class _OnPath:
    """The learner's folder first on sys.path while their code imports or answers, and off it
    after (so a Run's own solution folder is never shadowed by the panel's copy)."""

    def __init__(self, root):
        self.root = root

    def __enter__(self):
        sys.path.insert(0, self.root)

    def __exit__(self, *exc):
        if self.root in sys.path:
            sys.path.remove(self.root)


def panel_load(root, spec, modules, drop_old=False):
    """Uses the app in `root` (a folder holding the learner's current files) from now on: the
    modules of the last code are forgotten (and with `drop_old` its folder removed) and the
    app's module is imported fresh. `modules`: names, or their JSON list."""
    if isinstance(modules, str):
        modules = json.loads(modules)
    old = _panel["root"]
    for name in list(sys.modules):
        module = sys.modules.get(name)
        path = getattr(module, "__file__", None) or ""
        if name in modules or name in _panel["modules"] or (old and path.startswith(old + "/")):
            sys.modules.pop(name, None)
    _panel.update(root=root, spec=spec, modules=tuple(modules), app=None, error=None)
    out = _Output()
    saved = sys.stdout, sys.stderr
    sys.stdout = sys.stderr = out
    try:
        with _OnPath(root):
            _panel["app"] = load_app(spec)
    except KeyboardInterrupt:
        _panel["error"] = {"type": "KeyboardInterrupt", "message": "stopped: importing your code took too long",
                           "traceback": "", "where": "import"}
        raise
    except BaseException as exc:  # noqa: BLE001 - a SyntaxError, an import error: the learner's to see
        _panel["error"] = {"type": type(exc).__name__, "message": str(exc),
                           "traceback": learner_traceback(exc, root), "where": "import"}
    finally:
        sys.stdout, sys.stderr = saved
        if drop_old and old and old != root:
            import shutil

            shutil.rmtree(old, ignore_errors=True)
    _panel["load_output"] = out.getvalue()


def panel_request(request_json):
    """Sends one request ({"method", "target", "headers": [[k, v]], "body": text}) to the loaded
    app; returns JSON: the response (status, reason, headers, body as text, kind) or the error
    the app raised with its traceback, and what it printed."""
    req = json.loads(request_json)
    output = _Output()
    started = time.perf_counter()
    answer = {"output": ""}
    if _panel["error"] is not None:
        answer["error"] = _panel["error"]
        answer["output"] = _panel.get("load_output", "")
        return json.dumps(answer)
    raw = req.get("body", "").encode("utf-8")
    headers = [(str(k), str(v)) for k, v in req.get("headers", [])]
    names = {k.lower() for k, _ in headers}
    if "host" not in names:
        headers.insert(0, ("Host", "localhost"))
    if raw and "content-length" not in names:
        headers.append(("Content-Length", str(len(raw))))
    wire = {"method": req["method"], "target": req["target"], "server": ["localhost", 80],
            "client": ["127.0.0.1", 50000]}
    app = _panel["app"]
    saved = sys.stdout, sys.stderr
    sys.stdout = sys.stderr = output
    try:
        with _OnPath(_panel["root"]):
            asgi = http_host.is_asgi(app)
            response = (http_host.call_asgi if asgi else http_host.call_wsgi)(app, wire, headers, raw)
    except KeyboardInterrupt:
        answer["error"] = {"type": "KeyboardInterrupt", "message": "stopped: the app took too long to answer",
                           "traceback": "", "where": "request"}
    except http_host.SpecError as exc:
        answer["error"] = {"type": "SpecError", "message": str(exc), "traceback": "", "where": "request"}
    except BaseException as exc:  # noqa: BLE001 - the app's exception is what the learner asked to see
        answer["error"] = {"type": type(exc).__name__, "message": str(exc),
                           "traceback": learner_traceback(exc, _panel["root"]), "where": "request"}
    else:
        body = response["body"]
        if req["method"] == "HEAD":
            body = b""
        try:
            text, binary = body.decode("utf-8"), False
        except UnicodeDecodeError:
            text, binary = "", True
        answer.update(status=response["status"], reason=response["reason"], headers=response["headers"],
                      body=text, binary=binary, bytes=len(body), over=response["over"], kind=response["kind"])
    finally:
        sys.stdout, sys.stderr = saved
    answer["output"] = output.getvalue()
    answer["ms"] = (time.perf_counter() - started) * 1000
    return json.dumps(answer)


# ---------------------------------------------------------------------------------------------
# `pydojo run`: a real server on the learner's machine


def _say(kind, data):
    sys.stdout.write(f"PYDOJO-{kind} {json.dumps(data)}\n")
    sys.stdout.flush()


def _log(method, target, status, started):
    ms = (time.perf_counter() - started) * 1000
    sys.stderr.write(f"{method} {target} -> {status} ({ms:.1f} ms)\n")
    sys.stderr.flush()


def _error_app(text):
    """A WSGI app that answers every request with the import error (500, plain text)."""
    body = text.encode("utf-8", "replace")

    def app(environ, start_response):
        start_response("500 Internal Server Error",
                       [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(body)))])
        return [body]

    return app


def _serve_wsgi(sock, app, host, port):
    import socketserver
    from wsgiref.simple_server import ServerHandler, WSGIRequestHandler, WSGIServer

    class Server(socketserver.ThreadingMixIn, WSGIServer):
        daemon_threads = True
        block_on_close = False

    class Handler(WSGIRequestHandler):
        def handle(self):
            self._pd_started = time.perf_counter()
            super().handle()

        def log_request(self, code="-", size="-"):
            _log(self.command, self.path, code, getattr(self, "_pd_started", time.perf_counter()))

        def log_message(self, format, *args):  # noqa: A002 - the base class's name
            sys.stderr.write((format % args) + "\n")

    def error_output(self, environ, start_response):
        """The 500 of an app that raised: its traceback (the learner's frames), as for ASGI."""
        text = "".join(_formatted(sys.exc_info()[1]))
        body = ("500 Internal Server Error: the app raised an exception\n\n" + text).encode("utf-8", "replace")
        start_response("500 Internal Server Error", [("Content-Type", "text/plain; charset=utf-8"),
                                                     ("Content-Length", str(len(body)))], sys.exc_info())
        return [body]

    def log_exception(self, exc_info):
        sys.stderr.write("".join(_formatted(exc_info[1])))
        sys.stderr.flush()

    # This process serves one app: wsgiref's handler is changed in place.
    ServerHandler.error_output = error_output
    ServerHandler.log_exception = log_exception
    server = Server((host, port), Handler, bind_and_activate=False)
    server.socket.close()
    server.socket = sock
    server.server_address = sock.getsockname()[:2]
    server.server_name, server.server_port = host, port
    server.setup_environ()
    server.set_app(app)
    server.serve_forever(poll_interval=0.2)


async def _read_body(reader, headers):
    length = next((v for k, v in headers if k.lower() == "content-length"), None)
    chunked = any(k.lower() == "transfer-encoding" and "chunked" in v.lower() for k, v in headers)
    if chunked:
        parts = []
        while True:
            size_line = await reader.readuntil(b"\r\n")
            size = int(size_line.split(b";")[0].strip() or b"0", 16)
            if size == 0:
                while (await reader.readuntil(b"\r\n")) != b"\r\n":
                    pass
                return b"".join(parts)
            parts.append(await reader.readexactly(size))
            await reader.readexactly(2)
            if sum(map(len, parts)) > 10 * http_host.BODY_LIMIT:
                raise ValueError("body too large")
    if length is None:
        return b""
    if not length.strip().isdigit() or int(length) > 10 * http_host.BODY_LIMIT:
        raise ValueError("bad Content-Length")
    return await reader.readexactly(int(length))


async def _asgi_connection(app, reader, writer, host, port):
    import asyncio

    peer = writer.get_extra_info("peername") or ("127.0.0.1", 0)
    try:
        while True:
            try:
                head = await reader.readuntil(b"\r\n\r\n")
            except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
                return
            started = time.perf_counter()
            lines = head.decode("latin-1").split("\r\n")
            try:
                method, target, version = lines[0].split(" ")
                headers = [tuple(p.strip() for p in line.split(":", 1)) for line in lines[1:] if line]
                if any(len(h) != 2 for h in headers):
                    raise ValueError("bad header")
                body = await _read_body(reader, headers)
            except (ValueError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
                writer.write(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                return
            conn = next((v.lower() for k, v in headers if k.lower() == "connection"), "")
            keep = ("close" not in conn) if version == "HTTP/1.1" else ("keep-alive" in conn)
            status = await _asgi_exchange(app, writer, method, target, version, headers, body, host, port, peer, keep)
            _log(method, target, status, started)
            await writer.drain()
            if not keep or status is None:
                return
    finally:
        try:
            writer.close()
        except Exception:  # noqa: BLE001 - the client may be gone
            pass


async def _asgi_exchange(app, writer, method, target, version, headers, body, host, port, peer, keep):
    """One request through the ASGI app; returns the status sent (None: the connection is unusable)."""
    import asyncio

    req = {"method": method, "target": target, "server": [host, port], "client": [peer[0], peer[1]]}
    scope = http_host.build_scope(req, headers)
    scope["http_version"] = version.partition("/")[2] or "1.1"
    done = asyncio.Event()
    state = {"delivered": False, "start": None, "chunked": False, "sent_head": False, "ended": False}

    async def receive():
        if not state["delivered"]:
            state["delivered"] = True
            return {"type": "http.request", "body": body, "more_body": False}
        await done.wait()
        return {"type": "http.disconnect"}

    def write_head(extra):
        status, pairs = state["start"]
        names = {k.lower() for k, _ in pairs}
        lines = [f"HTTP/1.1 {status} {http_host._reason(status)}".rstrip()]
        lines += [f"{k}: {v}" for k, v in pairs]
        if "content-length" not in names and status >= 200 and status not in (204, 304):
            if extra is None:
                state["chunked"] = True
                lines.append("Transfer-Encoding: chunked")
            else:
                lines.append(f"Content-Length: {extra}")
        if not keep:
            lines.append("Connection: close")
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
        state["sent_head"] = True

    async def send(message):
        kind = message.get("type") if isinstance(message, dict) else None
        if kind == "http.response.start":
            if state["start"] is not None:
                raise http_host.SpecError("http.response.start was sent twice")
            status = message.get("status")
            if not isinstance(status, int) or not 100 <= status <= 599:
                raise http_host.SpecError(f"status must be an int like 200 (ASGI), got {status!r}")
            state["start"] = (status, http_host._asgi_headers(message.get("headers", [])))
        elif kind == "http.response.body":
            if state["start"] is None:
                raise http_host.SpecError("http.response.body was sent before http.response.start")
            if state["ended"]:
                raise http_host.SpecError("a message was sent after the response was complete")
            chunk = message.get("body", b"")
            if not isinstance(chunk, (bytes, bytearray)):
                raise http_host.SpecError(f"body must be bytes (ASGI), got {type(chunk).__name__}")
            more = bool(message.get("more_body", False))
            if not state["sent_head"]:
                write_head(None if more else len(chunk))
            if method != "HEAD" and chunk:
                writer.write(b"%x\r\n%s\r\n" % (len(chunk), bytes(chunk)) if state["chunked"] else bytes(chunk))
            if not more:
                if state["chunked"] and method != "HEAD":
                    writer.write(b"0\r\n\r\n")
                state["ended"] = True
                done.set()
            await writer.drain()
        else:
            raise http_host.SpecError(f"unknown message type {kind!r}: send 'http.response.start', then 'http.response.body'")

    try:
        await app(scope, receive, send)
    except Exception as exc:  # noqa: BLE001 - shown to the learner, the server goes on
        text = "".join(_formatted(exc))
        sys.stderr.write(text)
        if state["sent_head"]:
            return None
        payload = ("500 Internal Server Error: the app raised an exception\n\n" + text).encode("utf-8", "replace")
        writer.write(b"HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/plain; charset=utf-8\r\n"
                     b"Content-Length: %d\r\n%s\r\n%s" % (len(payload), b"" if keep else b"Connection: close\r\n", payload))
        return 500
    finally:
        done.set()
    if not state["ended"]:
        sys.stderr.write("the app returned before the response was complete (ASGI: the last http.response.body "
                         "must have more_body=False)\n")
        if not state["sent_head"]:
            writer.write(b"HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n")
            return 500
        return None
    return state["start"][0]


def _serve_asgi(sock, app, host, port):
    import asyncio

    async def main():
        server = await asyncio.start_server(
            lambda r, w: _asgi_connection(app, r, w, host, port), sock=sock, limit=64 * 1024
        )
        async with server:
            await server.serve_forever()

    asyncio.run(main())


def _listen(host, port):
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(64)
    return sock


def main(argv):
    import argparse
    import errno
    import signal

    parser = argparse.ArgumentParser(prog="serve.py")
    parser.add_argument("--root", required=True)
    parser.add_argument("--app", required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args(argv)

    def stop(*_):
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    root = os.path.abspath(args.root)
    sys.path.insert(0, root)
    os.chdir(root)
    try:
        sock = _listen(args.host, args.port)
    except OSError as exc:
        kind = "port-in-use" if exc.errno == errno.EADDRINUSE else "listen"
        _say("ERROR", {"error": kind, "message": f"{exc.strerror or exc} ({args.host}:{args.port})"})
        return 3
    port = sock.getsockname()[1]
    try:
        app = load_app(args.app)
        kind = "asgi" if http_host.is_asgi(app) else "wsgi"
    except Exception as exc:  # noqa: BLE001 - a SyntaxError or a missing app: shown, served as 500
        text = "".join(_formatted(exc))
        sys.stderr.write(text)
        sys.stderr.flush()
        app, kind = _error_app(f"500: your app could not be loaded\n\n{text}"), "error"
    _say("READY", {"host": args.host, "port": port, "kind": kind})
    try:
        (_serve_asgi if kind == "asgi" else _serve_wsgi)(sock, app, args.host, port)
    except (SystemExit, KeyboardInterrupt):
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
