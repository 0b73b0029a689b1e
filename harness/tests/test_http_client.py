"""Tests of the HTTP helpers: the WSGI environ and ASGI scope built for a request (PEP 3333,
ASGI 3), the spec rules an app is held to, the judge-side checks of what comes back, the
cookie jar and the transcripts (in-process here; through the real judge at the end)."""

import asyncio
import json
import unittest
import wsgiref.validate

from pydojo_harness import http_client, http_host

from .judge_process import run_judge


def _req(method="GET", target="/", headers=(), body=b"", **extra):
    import base64

    data = {"method": method, "target": target, "headers": [list(h) for h in headers],
            "body": base64.b64encode(body).decode(), **extra}
    return http_host._request(json.dumps(data))


class EnvironTest(unittest.TestCase):
    def test_pep3333_keys(self):
        req, headers, body = _req(
            "POST", "/caf%C3%A9/a%2Fb?x=1&y=%20", [("Content-Type", "text/plain"), ("Content-Length", "3"),
                                                   ("X-A", "1"), ("x-a", "2"), ("Host", "localhost")], b"abc",
        )
        env = http_host.build_environ(req, headers, body)
        self.assertEqual(env["REQUEST_METHOD"], "POST")
        self.assertEqual(env["SCRIPT_NAME"], "")
        # PEP 3333: PATH_INFO is the percent-decoded bytes, as latin-1 text (a "native string").
        self.assertEqual(env["PATH_INFO"], "/caf\u00c3\u00a9/a/b")
        self.assertEqual(env["PATH_INFO"].encode("latin-1").decode("utf-8"), "/café/a/b")
        self.assertEqual(env["QUERY_STRING"], "x=1&y=%20")
        self.assertEqual((env["CONTENT_TYPE"], env["CONTENT_LENGTH"]), ("text/plain", "3"))
        self.assertNotIn("HTTP_CONTENT_TYPE", env)
        self.assertEqual(env["HTTP_X_A"], "1,2")
        self.assertEqual(env["wsgi.input"].read(), b"abc")
        self.assertEqual((env["wsgi.version"], env["wsgi.url_scheme"]), ((1, 0), "http"))
        self.assertEqual((env["SERVER_NAME"], env["SERVER_PORT"], env["SERVER_PROTOCOL"]), ("localhost", "80", "HTTP/1.1"))
        self.assertFalse(env["wsgi.multithread"] or env["wsgi.multiprocess"] or env["wsgi.run_once"])
        for key, value in env.items():
            if key.isupper():
                self.assertIs(type(value), str, key)

    def test_environ_passes_the_stdlib_validator(self):
        """wsgiref.validate checks the environ (and the app's side) against PEP 3333."""

        def app(environ, start_response):
            start_response("200 OK", [("Content-Type", "text/plain")])
            return [environ["wsgi.input"].read(int(environ["CONTENT_LENGTH"]))]

        req, headers, body = _req("PUT", "/x?q=1", [("Content-Length", "2"), ("Host", "h")], b"hi")
        out = http_host.call_wsgi(wsgiref.validate.validator(app), req, headers, body)
        self.assertEqual((out["status"], out["body"]), (200, b"hi"))

    def test_root_path_becomes_script_name(self):
        req, headers, body = _req(target="/api/items", root_path="/api")
        env = http_host.build_environ(req, headers, body)
        self.assertEqual((env["SCRIPT_NAME"], env["PATH_INFO"]), ("/api", "/items"))


class ScopeTest(unittest.TestCase):
    def test_asgi3_http_scope(self):
        req, headers, _ = _req("GET", "/a%20b/%C3%A9?q=%20", [("X-Up", "Yes"), ("Host", "localhost")])
        scope = http_host.build_scope(req, headers)
        self.assertEqual(scope["type"], "http")
        self.assertEqual(scope["asgi"]["version"], "3.0")
        self.assertEqual(scope["http_version"], "1.1")
        self.assertEqual(scope["path"], "/a b/é")
        self.assertEqual(scope["raw_path"], b"/a%20b/%C3%A9")
        self.assertEqual(scope["query_string"], b"q=%20")
        self.assertEqual(scope["headers"], [[b"x-up", b"Yes"], [b"host", b"localhost"]])
        self.assertEqual(scope["client"], ["127.0.0.1", 50000])
        self.assertEqual(scope["server"], ["localhost", 80])

    def test_receive_gives_the_body_in_pieces_then_disconnect(self):
        seen = []

        async def app(scope, receive, send):
            while True:
                message = await receive()
                seen.append((message["type"], len(message["body"]), message["more_body"]))
                if not message["more_body"]:
                    break
            await send({"type": "http.response.start", "status": 200})
            await send({"type": "http.response.body", "body": b"ok"})
            seen.append((await receive())["type"])

        req, headers, body = _req("POST", "/", body=b"x" * 150000)
        out = http_host.call_asgi(app, req, headers, body)
        self.assertEqual(out["body"], b"ok")
        self.assertEqual(seen, [("http.request", 65536, True), ("http.request", 65536, True),
                                ("http.request", 18928, False), "http.disconnect"])


class SpecRulesTest(unittest.TestCase):
    def call(self, app):
        req, headers, body = _req()
        return http_host.call(app, json.dumps({"method": "GET", "target": "/", "headers": []}))

    def assertRule(self, app, text):
        with self.assertRaises(http_host.SpecError) as caught:
            self.call(app)
        self.assertIn(text, str(caught.exception))

    def test_wsgi_rules(self):
        def status_int(e, sr):
            sr(200, [])
            return [b""]

        def status_bad(e, sr):
            sr("OK", [])
            return [b""]

        def tuple_headers(e, sr):
            sr("200 OK", (("A", "b"),))
            return [b""]

        def crlf(e, sr):
            sr("200 OK", [("X", "a\r\nSet-Cookie: evil=1")])
            return [b""]

        def hop(e, sr):
            sr("200 OK", [("Connection", "close")])
            return [b""]

        def twice(e, sr):
            sr("200 OK", [])
            sr("500 Oops", [])
            return [b""]

        def text(e, sr):
            sr("200 OK", [])
            return "hello"

        def late(e, sr):
            yield b"x"

        self.assertRule(status_int, "status must be a str like '200 OK'")
        self.assertRule(status_bad, "three digits, a space and a reason")
        self.assertRule(tuple_headers, "headers must be a list of (str, str) tuples")
        self.assertRule(crlf, "contains a line break")
        self.assertRule(hop, "hop-by-hop header 'Connection'")
        self.assertRule(twice, "start_response was called twice without exc_info")
        self.assertRule(text, "not a single str")
        self.assertRule(late, "start_response was not called before the body")
        self.assertRule(42, "the app must be callable")

        def flood(e, sr):
            sr("200 OK", [("X", "y")] * 100000)
            return [b""]

        self.assertRule(flood, "the response has 100000 headers; at most 1000")

    def test_wsgi_close_is_called_and_exc_info_replaces_the_status(self):
        closed = []

        class Body:
            def __iter__(self):
                return iter([b"a", b"b"])

            def close(self):
                closed.append(True)

        def app(e, sr):
            sr("200 OK", [])
            try:
                raise ValueError("boom")
            except ValueError:
                import sys

                sr("500 Internal Server Error", [("Content-Type", "text/plain")], sys.exc_info())
            return Body()

        out = json.loads(self.call(app))
        self.assertEqual((out["status"], out["reason"]), (500, "Internal Server Error"))
        self.assertEqual(closed, [True])

    def test_asgi_rules(self):
        async def no_start(scope, receive, send):
            pass

        async def str_body(scope, receive, send):
            await send({"type": "http.response.start", "status": 200})
            await send({"type": "http.response.body", "body": "hi"})

        async def str_status(scope, receive, send):
            await send({"type": "http.response.start", "status": "200"})

        async def twice(scope, receive, send):
            await send({"type": "http.response.start", "status": 200})
            await send({"type": "http.response.start", "status": 200})

        async def after(scope, receive, send):
            await send({"type": "http.response.start", "status": 200})
            await send({"type": "http.response.body", "body": b""})
            await send({"type": "http.response.body", "body": b"more"})

        async def unfinished(scope, receive, send):
            await send({"type": "http.response.start", "status": 200})
            await send({"type": "http.response.body", "body": b"a", "more_body": True})

        async def str_headers(scope, receive, send):
            await send({"type": "http.response.start", "status": 200, "headers": [("a", "b")]})

        self.assertRule(no_start, "without sending http.response.start")
        self.assertRule(str_body, "body must be bytes (ASGI)")
        self.assertRule(str_status, "status must be an int like 200")
        self.assertRule(twice, "http.response.start was sent twice")
        self.assertRule(after, "sent after the response was complete")
        self.assertRule(unfinished, "before the response was complete")
        self.assertRule(str_headers, "must be bytes (ASGI)")

    def test_detection_of_asgi(self):
        async def fn(scope, receive, send):
            pass

        class App:
            async def __call__(self, scope, receive, send):
                pass

        self.assertTrue(http_host.is_asgi(fn))
        self.assertTrue(http_host.is_asgi(App()))
        self.assertFalse(http_host.is_asgi(lambda e, s: []))

    def test_lying_subclasses_are_read_as_what_they_hold(self):
        class S(str):
            def __str__(self):
                return "201 Created"

            def __eq__(self, other):
                return True

            __hash__ = str.__hash__

        class I(int):
            def __index__(self):
                return 201

        def wsgi(e, sr):
            sr(S("500 Oops"), [])
            return [b""]

        async def asgi(scope, receive, send):
            await send({"type": "http.response.start", "status": I(500)})
            await send({"type": "http.response.body", "body": b""})

        self.assertEqual(json.loads(self.call(wsgi))["status"], 500)
        self.assertEqual(json.loads(self.call(asgi))["status"], 500)


def _wsgi(routes):
    def app(environ, start_response):
        status, headers, body = routes(environ)
        start_response(status, headers)
        return [body]

    return app


class ClientTest(unittest.TestCase):
    def setUp(self):
        http_client.begin_test()
        self.addCleanup(http_client.take)

    def test_requests_and_responses(self):
        def routes(env):
            length = int(env.get("CONTENT_LENGTH") or 0)
            data = env["wsgi.input"].read(length)
            body = json.dumps({"m": env["REQUEST_METHOD"], "q": env["QUERY_STRING"], "ct": env.get("CONTENT_TYPE"),
                               "data": data.decode(), "cookie": env.get("HTTP_COOKIE")}).encode()
            return "200 OK", [("Content-Type", "application/json; charset=utf-8"), ("Set-Cookie", "a=1"),
                              ("Set-Cookie", "b=2; Path=/")], body

        client = http_client.Client(_wsgi(routes))
        r = client.post("/x", data={"k": ["v", "w"]}, params={"p": 1})
        self.assertEqual(r.json(), {"m": "POST", "q": "p=1", "ct": "application/x-www-form-urlencoded",
                                    "data": "k=v&k=w", "cookie": None})
        self.assertEqual(r.headers.get_all("SET-COOKIE"), ["a=1", "b=2; Path=/"])
        self.assertEqual(client.cookies, {"a": "1", "b": "2"})
        r = client.patch("/x", body="é", headers=[("Content-Type", "text/plain")])
        self.assertEqual(r.json()["data"], "é")
        self.assertEqual(r.json()["cookie"], "a=1; b=2")
        self.assertEqual(repr(r), "<Response 200 OK>")
        self.assertEqual(client.head("/x").body, b"")
        with self.assertRaises(AssertionError) as caught:
            http_client.Client(_wsgi(lambda e: ("200 OK", [], b"<html>"))).get("/").json()
        self.assertIn("is not JSON", str(caught.exception))
        with self.assertRaises(ValueError):
            client.get("items")
        with self.assertRaises(TypeError):
            client.post("/", json={}, body=b"x")
        with self.assertRaises(KeyError) as caught:
            r.headers["X-Missing"]
        self.assertIn("Content-Type", str(caught.exception))

    def test_expired_cookies_are_dropped(self):
        client = http_client.Client(_wsgi(lambda e: ("200 OK", [("Set-Cookie", "s=1; Expires=Wed, 21 Oct 2015 07:28:00 GMT")], b"")))
        client.cookies["s"] = "old"
        client.get("/")
        self.assertEqual(client.cookies, {})

    def test_cookies_follow_path_domain_and_secure(self):
        def routes(env):
            cookies = [
                ("Set-Cookie", "admin=1; Path=/admin"),
                ("Set-Cookie", "site=1; Path=/"),
                ("Set-Cookie", "here=1"),  # default path: /api
                ("Set-Cookie", "other=1; Domain=example.com"),  # not this host's: ignored
                ("Set-Cookie", "parent=1; Domain=.localhost; Path=/"),
                ("Set-Cookie", "safe=1; Secure; Path=/"),
            ] if env["PATH_INFO"] == "/api/login" else []
            return "200 OK", cookies, (env.get("HTTP_COOKIE") or "").encode()

        client = http_client.Client(_wsgi(routes))
        client.post("/api/login")
        self.assertNotIn("other", client.cookies)
        self.assertEqual(client.get("/").text, "site=1; parent=1")
        self.assertEqual(client.get("/admin/users").text, "admin=1; site=1; parent=1")
        self.assertEqual(client.get("/administrator").text, "site=1; parent=1")
        self.assertEqual(client.get("/api/items").text, "site=1; here=1; parent=1")
        secure = http_client.Client(_wsgi(routes), scheme="https")
        secure.post("/api/login")
        self.assertEqual(secure.get("/").text, "site=1; parent=1; safe=1")
        client.cookies["manual"] = "x"  # set by hand: sent everywhere
        self.assertEqual(client.get("/").text, "site=1; parent=1; manual=x")

    def test_live_server_requests_go_over_a_socket_and_into_the_transcript(self):
        def app(environ, start_response):
            start_response("201 Created", [("Content-Type", "application/json"), ("Set-Cookie", "s=1; Path=/")])
            return [json.dumps({"path": environ["PATH_INFO"], "cookie": environ.get("HTTP_COOKIE"),
                                "port": environ["SERVER_PORT"]}).encode()]

        key, host, port = http_host.serve(app)
        self.addCleanup(http_host.stop, key)
        server = http_client.LiveServer(host, port)
        first = server.post("/notes", json={"title": "x"})
        self.assertEqual((first.status, first.json()["path"]), (201, "/notes"))
        self.assertEqual(first.json()["port"], str(port))  # a real server answered
        self.assertEqual(server.get("/notes").json()["cookie"], "s=1")
        exchanges = http_client.take()
        self.assertEqual([e["request"]["method"] for e in exchanges], ["POST", "GET"])
        self.assertEqual(exchanges[0]["response"]["status"], 201)
        self.assertIn(("Host", f"127.0.0.1:{port}"), [tuple(h) for h in exchanges[0]["request"]["headers"]])

    def test_judge_side_checks(self):
        for answer, text in [
            ("nope", "not JSON"),
            (json.dumps({"status": "200", "reason": "", "headers": [], "body": "", "over": False}), "status '200'"),
            (json.dumps({"status": 200, "reason": "", "headers": [["Bad Name", "x"]], "body": "", "over": False}), "header"),
            (json.dumps({"status": 200, "reason": "", "headers": [], "body": "!!", "over": False}), "body encoding"),
            (["not", "a", "str"], "got list"),
        ]:
            with self.assertRaises(http_client.ResponseError) as caught:
                http_client._validate(answer)
            self.assertIn(text, str(caught.exception))
        with self.assertRaises(http_client.ResponseError) as caught:
            http_client.Client(_wsgi(lambda e: ("204 No Content", [], b"body"))).get("/")
        self.assertIn("a 204 response must not have a body", str(caught.exception))

    def test_transcript_is_bounded(self):
        client = http_client.Client(_wsgi(lambda e: ("200 OK", [], b"y" * 5000)))
        for _ in range(60):
            client.post("/", body=b"x" * 3000)
        exchanges = http_client.take()
        self.assertEqual(len(exchanges), http_client.MAX_EXCHANGES + 1)
        first = exchanges[0]
        self.assertEqual((len(first["request"]["body"]), first["request"]["body_bytes"]), (2048, 3000))
        self.assertEqual((len(first["response"]["body"]), first["response"]["body_bytes"]), (2048, 5000))
        self.assertIn("more requests than 50", exchanges[-1]["request"]["target"])

    def test_the_grade_budget_keeps_only_request_and_status_lines(self):
        http_client.begin_grade({}, None)
        self.addCleanup(http_client.begin_grade, {}, None)
        http_client._grade["budget"] = 3000
        client = http_client.Client(_wsgi(lambda e: ("200 OK", [("A", "b")], b"y" * 3000)))
        client.get("/one")
        client.get("/two")
        one, two = http_client.take()
        self.assertEqual(one["response"]["body"], "y" * 2048)
        self.assertEqual((two["request"]["target"], two["response"]["status"]), ("/two", 200))
        self.assertEqual((two["response"]["body"], two["response"]["headers"], two["response"]["body_bytes"]), ("", [], 3000))

    def test_many_headers_are_cut_in_the_transcript_only(self):
        many = [("X-N", str(i)) for i in range(300)]
        response = http_client.Client(_wsgi(lambda e: ("200 OK", many, b""))).get("/")
        self.assertEqual(len(response.headers.get_all("x-n")), 300)
        (exchange,) = http_client.take()
        self.assertEqual(len(exchange["response"]["headers"]), http_client.MAX_HEADERS)

    def test_an_app_that_raises_is_in_the_transcript(self):
        def app(environ, start_response):
            raise KeyError("items")

        with self.assertRaises(KeyError):
            http_client.Client(app).get("/items/1")
        (exchange,) = http_client.take()
        self.assertIsNone(exchange["response"])
        self.assertEqual(exchange["error"], "KeyError: 'items'")


class LiveServerTest(unittest.TestCase):
    def fetch(self, app, target, data=None):
        import urllib.request

        key, host, port = http_host.serve(app)
        try:
            with urllib.request.urlopen(f"http://{host}:{port}{target}", data=data, timeout=5) as response:
                return response.status, response.headers.get("Content-Type"), response.read()
        finally:
            self.assertTrue(http_host.stop(key))

    def test_wsgi_app_on_a_real_socket(self):
        got = self.fetch(_wsgi(lambda e: ("201 Created", [("Content-Type", "text/plain")], e["PATH_INFO"].encode())), "/a%20b")
        self.assertEqual(got, (201, "text/plain", b"/a b"))

    def test_asgi_app_on_a_real_socket(self):
        async def app(scope, receive, send):
            message = await receive()
            body = f"{scope['method']} {scope['path']} {scope['query_string'].decode()} {message['body'].decode()}"
            await send({"type": "http.response.start", "status": 202, "headers": [(b"content-type", b"text/plain")]})
            await send({"type": "http.response.body", "body": body.encode()})

        self.assertEqual(self.fetch(app, "/x%20y?q=1", data=b"hi"), (202, "text/plain", b"POST /x y q=1 hi"))


class ThroughTheJudgeTest(unittest.TestCase):
    def test_fixture_override_and_unittest_helper(self):
        result = run_judge(
            """
            import unittest
            import pytest
            from pydojo_harness.http_client import client_for
            import solution

            @pytest.fixture
            def client():
                return client_for(solution.make_app("hi"))

            def test_override(client):
                assert client.get("/").text == "hi"

            class AppTest(unittest.TestCase):
                def setUp(self):
                    self.client = client_for(solution.make_app("there"))

                def test_unittest(self):
                    self.assertEqual(self.client.get("/").status, 404)
            """,
            """
            def make_app(text):
                def app(environ, start_response):
                    start_response("200 OK", [("Content-Type", "text/plain")])
                    return [text.encode()]
                return app
            """,
        )
        self.assertEqual([t["status"] for t in result["tests"]], ["pass", "fail"])
        self.assertIn("200 != 404", result["tests"][1]["message"])
        self.assertEqual(result["tests"][1]["http"][0]["response"]["status"], 200)
        self.assertEqual(result["tests"][0]["http"][0]["request"]["target"], "/")


if __name__ == "__main__":
    unittest.main()
