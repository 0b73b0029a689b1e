"""The `client` and `live_server` fixtures: tests send HTTP requests to the learner's WSGI or
ASGI app and check the responses (docs/exercise-format.md#http-apps).

Runs in the judge. Each request is one round trip: the request goes as plain data to
`http_host.call` where the learner's code runs, and the response comes back as one JSON
string, which is validated and bounded here before a test sees it. Every exchange is kept for
the test's result (`http`, a transcript printed like `curl -v`).

    def test_hello(client):
        response = client.get("/hello?name=Ada")
        assert response.status == 200
        assert response.json() == {"greeting": "Hello, Ada!"}

In a unittest test: `from pydojo_harness.http_client import client_for` and
`self.client = client_for()` (the solution module's `app`) or `client_for(module.app)`.
"""
import base64
import binascii
import json as _json
import re
import socket
import sys
import urllib.parse

__all__ = ["Client", "Response", "Headers", "ResponseError", "LiveServer", "client_for", "FIXTURES"]

BODY_LIMIT = 1024 * 1024
TRANSCRIPT_BODY = 2048
MAX_EXCHANGES = 50
MAX_HEADERS = 200  # per message in a transcript (the result schema's bound)

_TOKEN_RE = re.compile(r"\A[!#$%&'*+\-.^_`|~0-9A-Za-z]+\Z")
_METHOD_RE = re.compile(r"\A[A-Z]+\Z")
_NOTSET = object()

# ---------------------------------------------------------------------------------------------
# Grade and test bookkeeping (called by the judge)

GRADE_BUDGET = 2 * 1024 * 1024  # transcript text per grade; past it, request and status lines only
_grade = {"job": None, "session": None, "budget": GRADE_BUDGET}
_current = None


def begin_grade(job, session):
    _grade["job"] = job
    _grade["session"] = session
    _grade["budget"] = GRADE_BUDGET


def begin_test():
    global _current
    _current = []


def take():
    """The judge: the exchanges of the test that just ran, for its result's `http`."""
    global _current
    data, _current = _current, None
    return data or None


def _record(exchange):
    if _current is None:
        return
    if len(_current) < MAX_EXCHANGES:
        _current.append(exchange)
    elif len(_current) == MAX_EXCHANGES:
        _current.append({"request": {"method": "...", "target": f"more requests than {MAX_EXCHANGES} are not shown",
                                     "headers": [], "body": "", "body_bytes": 0}, "response": None})


def _charge(exchange):
    """Counts an exchange against the grade's transcript budget; past it, keeps only the
    request line and the status (so a test suite of many requests can't swell the result)."""
    parts = [exchange["request"]] + ([exchange["response"]] if exchange.get("response") else [])
    size = sum(len(p["body"]) + sum(len(k) + len(v) for k, v in p["headers"]) for p in parts)
    if size <= _grade["budget"]:
        _grade["budget"] -= size
        return
    for part in parts:
        part["body"], part["headers"] = "", []


class ResponseError(AssertionError):
    """The response breaks HTTP (too large, a Content-Length that lies, a body on a 204)."""


# ---------------------------------------------------------------------------------------------
# Responses


class Headers:
    """Response headers: case-insensitive, in order, a name may repeat (Set-Cookie)."""

    def __init__(self, pairs):
        self._pairs = [(k, v) for k, v in pairs]

    def __getitem__(self, name):
        values = self.get_all(name)
        if not values:
            names = ", ".join(dict.fromkeys(k for k, _ in self._pairs)) or "none"
            raise KeyError(f"{name!r} (the response's headers: {names})")
        return ", ".join(values)

    def get(self, name, default=None):
        values = self.get_all(name)
        return ", ".join(values) if values else default

    def get_all(self, name):
        lower = str(name).lower()
        return [v for k, v in self._pairs if k.lower() == lower]

    getlist = get_all

    def __contains__(self, name):
        return bool(self.get_all(name))

    def __iter__(self):
        return iter(dict.fromkeys(k for k, _ in self._pairs))

    def __len__(self):
        return len(self._pairs)

    def keys(self):
        return list(self)

    def items(self):
        return list(self._pairs)

    def __eq__(self, other):
        if isinstance(other, dict):
            return {k.lower(): v for k, v in other.items()} == {k.lower(): self[k] for k in self}
        if isinstance(other, Headers):
            return self._pairs == other._pairs
        return NotImplemented

    def __repr__(self):
        return f"Headers({self._pairs!r})"


class Response:
    """What the app answered: `status` (int), `reason`, `headers`, `body` (bytes), `text`, `json()`."""

    def __init__(self, method, target, status, reason, headers, body):
        self.method = method
        self.target = target
        self.status = status
        self.status_code = status
        self.reason = reason
        self.headers = Headers(headers)
        self.body = body
        self.content = body

    @property
    def charset(self):
        match = re.search(r"charset=\"?([\w.:-]+)", self.headers.get("content-type", ""), re.I)
        return match.group(1) if match else "utf-8"

    @property
    def text(self):
        try:
            return self.body.decode(self.charset, "replace")
        except LookupError:
            return self.body.decode("utf-8", "replace")

    def json(self):
        try:
            return _json.loads(self.text)
        except ValueError as exc:
            shown = self.text[:200] + ("..." if len(self.text) > 200 else "")
            kind = self.headers.get("content-type", "no Content-Type")
            raise AssertionError(
                f"the response to {self.method} {self.target} is not JSON ({exc}); it was {kind}: {shown!r}"
            ) from None

    def __repr__(self):
        return f"<Response {self.status} {self.reason}>".replace(" >", ">")


# ---------------------------------------------------------------------------------------------
# Where the app runs


def _remote_type():
    try:
        from .isolation.remote import Remote
    except ImportError:  # pragma: no cover - the package is always there
        return None
    return Remote


def _host_for(app):
    """(http_host where `app` lives, the session or None). A proxy of the learner's object:
    the host's module, through the isolation session; anything else: this process's."""
    remote = _remote_type()
    if remote is not None and type(app) is remote:
        endpoint = object.__getattribute__(app, "_pd_ep")
        session = getattr(endpoint, "session", None)
        if session is not None:
            if endpoint.closed:
                session.refresh(app)  # the learner's process was restarted after an earlier test
            return session.remote_module("pydojo_harness.http_host"), session
    from . import http_host

    return http_host, None


_functions = {}


def _host_function(app, name):
    """`http_host.<name>` where `app` lives; a proxy is looked up once per learner process."""
    host, session = _host_for(app)
    if session is None:
        return getattr(host, name)
    key = (id(session), session.gen, name)
    fn = _functions.get(key)
    if fn is None:
        _functions.clear()
        fn = _functions[key] = getattr(host, name)
    return fn


def _solution_module():
    job = _grade["job"] or {}
    names = job.get("solution_modules") or []
    if not names:
        raise LookupError("the client fixture needs the exercise's solution module, and this job has none")
    name = names[0]
    module = sys.modules.get(name)
    if module is None:
        import importlib

        module = importlib.import_module(name)
    return name, module


def default_app(attr="app"):
    """The module-level `app` of the exercise's (first) solution module."""
    name, module = _solution_module()
    try:
        return getattr(module, attr)
    except AttributeError:
        raise LookupError(
            f"the tests send requests to `{attr}` in {name.replace('.', '/')}.py, and there is none: define "
            f"`def {attr}(environ, start_response)` (WSGI) or `async def {attr}(scope, receive, send)` (ASGI) at the top level"
        ) from None


# ---------------------------------------------------------------------------------------------
# The client


def _text(value, what):
    if isinstance(value, bytes):
        return value.decode("latin-1")
    if not isinstance(value, str):
        raise TypeError(f"{what} must be a str, got {type(value).__name__} {value!r}")
    return value


def _header_pairs(headers):
    if headers is None:
        return []
    items = headers.items() if hasattr(headers, "items") else headers
    pairs = []
    for item in items:
        try:
            name, value = item
        except (TypeError, ValueError):
            raise TypeError(f"headers must be a dict or a list of (name, value) pairs, got the item {item!r}") from None
        name, value = _text(name, "a header name"), _text(str(value) if isinstance(value, int) else value, f"header {name!r}")
        if not _TOKEN_RE.match(name) or "\r" in value or "\n" in value:
            raise ValueError(f"invalid header {name!r}: {value!r}")
        pairs.append((name, value))
    return pairs


def _clip(body):
    text = body[:TRANSCRIPT_BODY].decode("utf-8", "replace")
    return text


class Client:
    """An in-process HTTP client for a WSGI or ASGI app, with a cookie jar.

    `client.get(path, headers=..., params=...)`, `post/put/patch(path, json=... | data=... |
    body=...)`, `delete`, `head`, `options`, or `request(method, path, ...)`."""

    def __init__(self, app, kind=None, root_path="", server=("localhost", 80), scheme="http"):
        if kind not in (None, "wsgi", "asgi"):
            raise ValueError(f"kind must be 'wsgi', 'asgi' or None (detected), got {kind!r}")
        self.app = app
        self.kind = kind
        self.root_path = root_path
        self.server = [str(server[0]), int(server[1])]
        self.scheme = scheme
        self.cookies = {}
        # name -> (path, domain or None for host-only, secure), from each cookie's Set-Cookie.
        # A cookie set by hand in `client.cookies` has none and is always sent.
        self._cookie_scope = {}
        self._cookie_host = self.server[0].lower()

    # -- the verbs ------------------------------------------------------------------------
    def get(self, target, **kw):
        return self.request("GET", target, **kw)

    def post(self, target, **kw):
        return self.request("POST", target, **kw)

    def put(self, target, **kw):
        return self.request("PUT", target, **kw)

    def patch(self, target, **kw):
        return self.request("PATCH", target, **kw)

    def delete(self, target, **kw):
        return self.request("DELETE", target, **kw)

    def head(self, target, **kw):
        return self.request("HEAD", target, **kw)

    def options(self, target, **kw):
        return self.request("OPTIONS", target, **kw)

    # -- one request ------------------------------------------------------------------------
    def _target(self, target, params):
        target = _text(target, "the request path")
        if target.startswith(("http://", "https://")):
            parts = urllib.parse.urlsplit(target)
            target = (parts.path or "/") + ("?" + parts.query if parts.query else "")
        if not target.startswith("/"):
            raise ValueError(f"the request path must start with '/', got {target!r}: write client.get('/{target}')")
        target = urllib.parse.quote(target, safe="/?&=%:@!$'()*+,;~-._[]")
        if params:
            query = urllib.parse.urlencode(params, doseq=True)
            target += ("&" if "?" in target else "?") + query
        return target

    def _body(self, headers, json, data, body):
        given = [n for n, v in (("json", json), ("data", data), ("body", body)) if v is not _NOTSET and v is not None]
        if json is _NOTSET:
            given = [n for n in given if n != "json"]
        if len(given) > 1:
            raise TypeError(f"give one of json=, data= or body=, not {' and '.join(given)}")
        names = {k.lower() for k, _ in headers}
        content_type = None
        if json is not _NOTSET:
            raw = _json.dumps(json).encode("utf-8")
            content_type = "application/json"
        elif isinstance(data, dict) or (isinstance(data, list) and data and isinstance(data[0], tuple)):
            raw = urllib.parse.urlencode(data, doseq=True).encode("ascii")
            content_type = "application/x-www-form-urlencoded"
        else:
            value = data if data is not None else body
            if value is None:
                raw = b""
            elif isinstance(value, str):
                raw = value.encode("utf-8")
            elif isinstance(value, (bytes, bytearray)):
                raw = bytes(value)
            else:
                raise TypeError(f"body must be bytes or str (or use json= for data), got {type(value).__name__}")
        if content_type and "content-type" not in names:
            headers.append(("Content-Type", content_type))
        return raw

    def request(self, method, target, *, headers=None, json=_NOTSET, data=None, body=None, params=None, cookies=None):
        method = _text(method, "the method").upper()
        if not _METHOD_RE.match(method):
            raise ValueError(f"invalid HTTP method {method!r}")
        target = self._target(target, params)
        pairs = _header_pairs(headers)
        raw = self._body(pairs, json, data, body)
        names = {k.lower() for k, _ in pairs}
        if "host" not in names:
            pairs.insert(0, ("Host", self.server[0] if self.server[1] == 80 else f"{self.server[0]}:{self.server[1]}"))
        if "content-length" not in names and (raw or method in ("POST", "PUT", "PATCH")):
            pairs.append(("Content-Length", str(len(raw))))
        jar = {name: value for name, value in self.cookies.items() if self._cookie_applies(name, target)}
        jar.update(cookies or {})
        if jar and "cookie" not in names:
            pairs.append(("Cookie", "; ".join(f"{k}={v}" for k, v in jar.items())))
        wire = {
            "method": method,
            "target": target,
            "headers": [list(p) for p in pairs],
            "body": base64.b64encode(raw).decode("ascii"),
            "root_path": self.root_path,
            "server": self.server,
            "client": ["127.0.0.1", 50000],
            "scheme": self.scheme,
        }
        exchange = {
            "request": {"method": method, "target": target, "headers": [list(p) for p in pairs[:MAX_HEADERS]],
                        "body": _clip(raw), "body_bytes": len(raw)},
            "response": None,
        }
        _record(exchange)
        try:
            status, reason, response_headers, response_body, over = self._send(wire, raw)
        except BaseException as exc:
            exchange["error"] = f"{getattr(exc, 'pydojo_type_name', type(exc).__name__)}: {exc}"[:2000]
            _charge(exchange)
            raise
        if method == "HEAD":
            response_body, over = b"", False
        exchange["response"] = {"status": status, "reason": reason, "headers": [list(h) for h in response_headers[:MAX_HEADERS]],
                                "body": _clip(response_body), "body_bytes": len(response_body)}
        _charge(exchange)
        _check_http(method, target, status, response_headers, response_body, over, exchange)
        response = Response(method, target, status, reason, response_headers, response_body)
        self._store_cookies(response, target)
        return response

    def _send(self, wire, raw):
        """One round trip to the learner's app in its process; the answer checked in the judge."""
        call = _host_function(self.app, "call")
        return _validate(call(self.app, _json.dumps(wire), self.kind))

    def _cookie_applies(self, name, target):
        """RFC 6265 5.4: send a cookie only where its path, domain and Secure flag allow."""
        scope = self._cookie_scope.get(name)
        if scope is None:
            return True
        path, domain, secure = scope
        if secure and self.scheme != "https":
            return False
        host = self.server[0].lower()
        if domain is None:
            if host != self._cookie_host:
                return False
        elif not (host == domain or host.endswith("." + domain)):
            return False
        return _path_matches(target.split("?", 1)[0], path)

    def _store_cookies(self, response, target="/"):
        values = response.headers.get_all("set-cookie")
        if not values:
            return
        from http.cookies import CookieError, SimpleCookie

        for value in values:
            jar = SimpleCookie()
            try:
                jar.load(value)
            except CookieError:
                continue
            for name, morsel in jar.items():
                host = self.server[0].lower()
                domain = (morsel["domain"] or "").strip().lstrip(".").lower() or None
                if domain is not None and not (host == domain or host.endswith("." + domain)):
                    continue  # RFC 6265 5.3 step 6: a cookie for another domain is ignored
                path = morsel["path"] if (morsel["path"] or "").startswith("/") else _default_path(target)
                if morsel["max-age"] in ("0",) or _expired(morsel["expires"]) or morsel.value == "" and morsel["max-age"]:
                    self.cookies.pop(name, None)
                    self._cookie_scope.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
                    self._cookie_host = host
                    self._cookie_scope[name] = (path, domain, bool(morsel["secure"]))


def _default_path(target):
    """RFC 6265 5.1.4: the request path up to, not including, its last '/' ('/' if none)."""
    path = target.split("?", 1)[0]
    if not path.startswith("/") or path.count("/") == 1:
        return "/"
    return path[: path.rindex("/")]


def _path_matches(request_path, cookie_path):
    """RFC 6265 5.1.4 path-match."""
    if request_path == cookie_path:
        return True
    if request_path.startswith(cookie_path):
        return cookie_path.endswith("/") or request_path[len(cookie_path)] == "/"
    return False


def _expired(expires):
    if not expires:
        return False
    import email.utils
    import time

    try:
        when = email.utils.parsedate_to_datetime(expires)
    except (TypeError, ValueError, IndexError):
        return False
    return when.timestamp() < time.time()


def _bad(detail):
    return ResponseError(f"the app's process answered with something that is not an HTTP response ({detail})")


def _validate(answer):
    """The host's answer as (status, reason, headers, body, over), checked type by type: only
    exact built-in values, so nothing the learner's process made can act in the judge."""
    if type(answer) is not str:
        raise _bad(f"got {type(answer).__name__}")
    try:
        data = _json.loads(answer)
    except ValueError:
        raise _bad("not JSON") from None
    if type(data) is not dict:
        raise _bad("not an object")
    status, reason, headers, body, over = (data.get(k) for k in ("status", "reason", "headers", "body", "over"))
    if type(status) is not int or not 100 <= status <= 599:
        raise _bad(f"status {status!r}")
    if type(reason) is not str or "\r" in reason or "\n" in reason:
        raise _bad("reason")
    if type(headers) is not list or len(headers) > 1000:
        raise _bad("headers")
    pairs = []
    for item in headers:
        if type(item) is not list or len(item) != 2 or type(item[0]) is not str or type(item[1]) is not str:
            raise _bad("a header")
        if not _TOKEN_RE.match(item[0]) or "\r" in item[1] or "\n" in item[1]:
            raise _bad(f"header {item[0]!r}")
        pairs.append((item[0], item[1]))
    if type(body) is not str or len(body) > (BODY_LIMIT + 3) * 4 // 3 + 8:
        raise _bad("body")
    try:
        raw = binascii.a2b_base64(body.encode("ascii"), strict_mode=True)
    except (binascii.Error, UnicodeEncodeError):
        raise _bad("body encoding") from None
    return status, reason, pairs, raw, over is True or len(raw) > BODY_LIMIT


def _check_http(method, target, status, headers, body, over, exchange):
    if over:
        exchange["response"]["body_bytes"] = None
        raise ResponseError(
            f"response body larger than 1 MB: {method} {target} answered more than {BODY_LIMIT} bytes "
            "(an endless body? a generator that never stops?)"
        )
    lengths = [v for k, v in headers if k.lower() == "content-length"]
    if status in (204, 304) or status < 200:
        if body:
            raise ResponseError(f"a {status} response must not have a body, and {method} {target} sent {len(body)} bytes")
        return
    if lengths and method != "HEAD":
        claimed = lengths[0].strip()
        if len(set(v.strip() for v in lengths)) > 1 or not claimed.isdigit():
            raise ResponseError(f"invalid Content-Length {', '.join(lengths)!r} in the response to {method} {target}")
        if int(claimed) != len(body):
            raise ResponseError(
                f"the response to {method} {target} says Content-Length: {claimed} but its body has {len(body)} bytes "
                "(a real client would wait for the missing bytes or cut the body): compute it with len(body) of the bytes you send"
            )


def client_for(app=None, *, kind=None, root_path=""):
    """A client for `app` (default: the module-level `app` of the exercise's solution module).
    `kind` forces "wsgi" or "asgi" (detected by default: an `async def` app is ASGI)."""
    return Client(default_app() if app is None else app, kind=kind, root_path=root_path)


# ---------------------------------------------------------------------------------------------
# live_server


class LiveServer(Client):
    """The learner's app on a real HTTP server: `url` ("http://127.0.0.1:PORT"), `host`, `port`.

    Open sockets to it as any client would; or use `get/post/...` (the `client` API, with a
    cookie jar), which go over a real connection and appear in the test's HTTP transcript."""

    def __init__(self, host, port):
        super().__init__(None, server=(host, port))
        self.host = host
        self.port = port
        self.url = f"http://{host}:{port}"

    def __repr__(self):
        return f"<LiveServer {self.url}>"

    def _send(self, wire, raw):
        import http.client

        connection = http.client.HTTPConnection(self.host, self.port)
        try:
            connection.putrequest(wire["method"], wire["target"], skip_host=True, skip_accept_encoding=True)
            for name, value in wire["headers"]:
                connection.putheader(name, value)
            connection.endheaders(raw or None)
            answer = connection.getresponse()
            body = answer.read(BODY_LIMIT + 1)
            headers = [(k, v) for k, v in answer.getheaders()][:1000]
            return answer.status, answer.reason, headers, body[:BODY_LIMIT], len(body) > BODY_LIMIT
        finally:
            connection.close()


def _live_server(request):
    if sys.platform == "emscripten":
        import pytest

        pytest.skip("live_server needs CPython (the sandbox or local runner): the in-browser Python cannot serve sockets")
    app = default_app()
    host, session = _host_for(app)
    gen = session.gen if session is not None else None
    answer = host.serve(app)
    if type(answer) is not list or len(answer) != 3 or type(answer[0]) is not int or type(answer[2]) is not int:
        raise _bad("live_server")
    key, address, port = answer
    if address != "127.0.0.1" or not 0 < port < 65536:
        raise _bad("live_server address")
    job = _grade["job"] or {}
    timeout = float((job.get("limits") or {}).get("test_timeout_s", 5))
    saved = socket.getdefaulttimeout()
    socket.setdefaulttimeout(timeout)  # a handler that never answers fails the test, never hangs the grade
    try:
        yield LiveServer(address, port)
    finally:
        socket.setdefaulttimeout(saved)
        if session is None or (session.gen == gen and session.endpoint is not None):
            try:
                host.stop(key)
            except Exception:  # noqa: BLE001 - the learner's process may be gone; it dies with the grade
                pass


def _client(request):
    yield client_for()


FIXTURES = {"client": _client, "live_server": _live_server}
