"""Tests of serve.py: naming and loading the learner's app, the request panel's in-process calls
(the answer, the data kept between requests, a fresh import after a change, errors with the
learner's traceback only), and `pydojo run`'s server for real on 127.0.0.1 (wsgiref for WSGI,
the asyncio HTTP/1.1 server for ASGI: keep-alive, chunked bodies both ways, HEAD, a 500 with
the traceback, a module that does not import)."""

import http.client
import json
import os
import socket
import subprocess
import sys
import tempfile
import unittest

from pydojo_harness import serve

SERVE = os.path.join(os.path.dirname(os.path.abspath(serve.__file__)), "serve.py")

COUNTER = """
def make_app():
    hits = []

    def app(environ, start_response):
        hits.append(environ["PATH_INFO"])
        print("hit", len(hits))
        body = ("%d %s" % (len(hits), environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0)).decode())).encode()
        start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
        return [body]

    return app
"""

ASGI = """
async def app(scope, receive, send):
    if scope["path"] == "/boom":
        return fail()
    message = await receive()
    body = message.get("body", b"")
    if scope["path"] == "/stream":
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
        for part in (b"one ", b"two ", b"three"):
            await send({"type": "http.response.body", "body": part, "more_body": True})
        await send({"type": "http.response.body", "body": b""})
        return
    answer = ("%s %s %d" % (scope["method"], scope["query_string"].decode(), len(body))).encode()
    await send({"type": "http.response.start", "status": 201, "headers": [(b"content-type", b"text/plain")]})
    await send({"type": "http.response.body", "body": answer})


def fail():
    raise LookupError("no such thing")
"""


def _write(folder, name, text):
    with open(os.path.join(folder, name), "w", encoding="utf-8") as f:
        f.write(text)


def _request(method="GET", target="/", headers=(), body=""):
    return json.dumps({"method": method, "target": target, "headers": [list(h) for h in headers], "body": body})


class SpecTest(unittest.TestCase):
    def test_names(self):
        self.assertEqual(serve.parse_spec("items_api:app"), ("items_api", "app", False))
        self.assertEqual(serve.parse_spec("pkg.items:make_app()"), ("pkg.items", "make_app", True))
        for bad in ("items_api", "items_api:", ":app", "a b:app", "x:app(1)", "x:os.system", "../x:app"):
            with self.assertRaises(ValueError, msg=bad):
                serve.parse_spec(bad)

    def test_a_missing_app_says_what_to_define(self):
        with tempfile.TemporaryDirectory() as folder:
            _write(folder, "pd_nothing_here.py", "x = 1\n")
            sys.path.insert(0, folder)
            try:
                with self.assertRaisesRegex(serve.AppNotFound, r"pd_nothing_here\.py has no `app`: define `def app\(environ"):
                    serve.load_app("pd_nothing_here:app")
                with self.assertRaisesRegex(serve.AppNotFound, r"define `def make_app\(\):`"):
                    serve.load_app("pd_nothing_here:make_app()")
                with self.assertRaisesRegex(serve.AppNotFound, r"`x` in pd_nothing_here\.py is a int, not an app"):
                    serve.load_app("pd_nothing_here:x")
            finally:
                sys.path.remove(folder)
                sys.modules.pop("pd_nothing_here", None)


class PanelTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        self.addCleanup(sys.modules.pop, "pd_counter", None)
        self.path = list(sys.path)

    def load(self, text, spec="pd_counter:make_app()"):
        folder = os.path.join(self.tmp.name, str(len(os.listdir(self.tmp.name))))
        os.mkdir(folder)
        _write(folder, "pd_counter.py", text)
        serve.panel_load(folder, spec, ["pd_counter"])
        self.assertEqual(sys.path, self.path, "the learner's folder is on sys.path only while it runs")
        return folder

    def send(self, *args, **kw):
        return json.loads(serve.panel_request(_request(*args, **kw)))

    def test_the_app_keeps_its_data_until_the_code_is_loaded_again(self):
        self.load(COUNTER)
        first = self.send("POST", "/a", [("Content-Type", "text/plain")], "hello")
        self.assertEqual((first["status"], first["reason"], first["body"], first["kind"]), (200, "OK", "1 hello", "wsgi"))
        self.assertIn(["Content-Type", "text/plain"], first["headers"])
        self.assertEqual(first["output"], "hit 1\n")
        self.assertEqual(self.send("GET", "/b")["body"], "2 ")
        self.load(COUNTER.replace('"%d %s"', '"v2 %d %s"'))
        self.assertEqual(self.send("GET", "/c")["body"], "v2 1 ", "a fresh import of the changed code, a new app")
        self.assertEqual(sys.path, self.path)

    def test_an_exception_shows_the_learners_traceback_only(self):
        self.load("def app(environ, start_response):\n    return helper()\n\ndef helper():\n    print('about to fail')\n    return {}['missing']\n",
                  "pd_counter:app")
        answer = self.send("GET", "/")
        error = answer["error"]
        self.assertEqual((error["type"], error["where"]), ("KeyError", "request"))
        self.assertRegex(error["traceback"], r'File "pd_counter\.py", line 6, in helper\n')
        self.assertNotIn("pydojo_harness", error["traceback"])
        self.assertEqual(answer["output"], "about to fail\n")
        self.assertNotIn("status", answer)

    def test_a_syntax_error_and_a_broken_rule(self):
        self.load("def make_app(:\n")
        error = self.send("GET", "/")["error"]
        self.assertEqual((error["type"], error["where"]), ("SyntaxError", "import"))
        self.assertIn("line 1", error["traceback"])
        self.assertNotIn("importlib", error["traceback"])
        self.load("def app(environ, start_response):\n    start_response(200, [])\n    return [b'']\n", "pd_counter:app")
        error = self.send("GET", "/")["error"]
        self.assertEqual(error["type"], "SpecError")
        self.assertIn("status must be a str like '200 OK'", error["message"])

    def test_asgi_and_head(self):
        self.load(ASGI, "pd_counter:app")
        answer = self.send("PUT", "/x?a=1", [], "four")
        self.assertEqual((answer["status"], answer["body"], answer["kind"]), (201, "PUT a=1 4", "asgi"))
        self.assertEqual(self.send("HEAD", "/x")["body"], "")


class ServerTest(unittest.TestCase):
    """serve.py as `pydojo run` starts it: a real process on 127.0.0.1."""

    def start(self, text, spec):
        folder = tempfile.mkdtemp()
        self.addCleanup(lambda: __import__("shutil").rmtree(folder, ignore_errors=True))
        _write(folder, "pd_app.py", text)
        proc = subprocess.Popen([sys.executable, "-u", SERVE, "--root", folder, "--app", spec],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.addCleanup(proc.stderr.close)
        self.addCleanup(proc.stdout.close)
        self.addCleanup(proc.wait, 10)
        self.addCleanup(proc.terminate)
        line = proc.stdout.readline()
        self.assertTrue(line.startswith("PYDOJO-READY "), line + proc.stderr.read() if not line else line)
        info = json.loads(line.split(" ", 1)[1])
        self.assertEqual(info["host"], "127.0.0.1")
        return proc, info

    def test_wsgi_with_wsgiref(self):
        proc, info = self.start(COUNTER.replace("print(", "("), "pd_app:make_app()")
        self.assertEqual(info["kind"], "wsgi")
        conn = http.client.HTTPConnection("127.0.0.1", info["port"], timeout=10)
        conn.request("POST", "/x", body=b"abc", headers={"Content-Type": "text/plain"})
        response = conn.getresponse()
        self.assertEqual((response.status, response.read()), (200, b"1 abc"))
        conn.close()
        self.assertRegex(proc.stderr.readline(), r"^POST /x -> 200 \(")
        proc.terminate()
        self.assertEqual(proc.wait(10), 0, "SIGTERM ends it cleanly")

    def test_a_wsgi_exception_is_a_500_with_the_learners_traceback(self):
        proc, info = self.start("def app(environ, start_response):\n    return oops()\n\n\ndef oops():\n    raise ValueError('bad')\n",
                                "pd_app:app")
        conn = http.client.HTTPConnection("127.0.0.1", info["port"], timeout=10)
        conn.request("GET", "/")
        response = conn.getresponse()
        text = response.read().decode()
        conn.close()
        self.assertEqual(response.status, 500)
        self.assertRegex(text, r'pd_app\.py", line 6, in oops\n[\s\S]*ValueError: bad')
        self.assertNotIn("wsgiref", text)
        self.assertNotIn("pydojo_harness", text)

    def test_asgi_keep_alive_chunked_head_and_errors(self):
        proc, info = self.start(ASGI, "pd_app:app")
        self.assertEqual(info["kind"], "asgi")
        conn = http.client.HTTPConnection("127.0.0.1", info["port"], timeout=10)
        conn.request("POST", "/x?q=1", body=b"12345")
        response = conn.getresponse()
        self.assertEqual((response.status, response.reason, response.read()), (201, "Created", b"POST q=1 5"))
        self.assertEqual(response.getheader("Content-Length"), "10")
        # The same connection again (keep-alive), a chunked request body, a streamed answer.
        conn.request("POST", "/x", body=iter([b"ab", b"cde"]), encode_chunked=True,
                     headers={"Transfer-Encoding": "chunked"})
        self.assertEqual(conn.getresponse().read(), b"POST  5")
        conn.request("GET", "/stream")
        streamed = conn.getresponse()
        self.assertEqual(streamed.getheader("Transfer-Encoding"), "chunked")
        self.assertEqual(streamed.read(), b"one two three")
        conn.request("HEAD", "/x")
        head = conn.getresponse()
        self.assertEqual((head.status, head.read()), (201, b""))
        conn.request("GET", "/boom")  # an ASGI 500 carries the learner's traceback
        boom = conn.getresponse()
        text = boom.read().decode()
        self.assertEqual(boom.status, 500)
        self.assertRegex(text, r'pd_app\.py", line 19, in fail\n')
        self.assertIn("LookupError: no such thing", text)
        self.assertNotIn("pydojo_harness", text)
        # A request line that is not HTTP: 400, and the server goes on.
        with socket.create_connection(("127.0.0.1", info["port"]), timeout=10) as raw:
            raw.sendall(b"NONSENSE\r\n\r\n")
            self.assertTrue(raw.recv(100).startswith(b"HTTP/1.1 400 Bad Request"))
        conn.close()
        conn = http.client.HTTPConnection("127.0.0.1", info["port"], timeout=10)
        conn.request("GET", "/x")
        self.assertEqual(conn.getresponse().status, 201)
        conn.close()
        proc.terminate()
        self.assertEqual(proc.wait(10), 0)

    def test_a_module_that_does_not_import_is_served_as_a_500(self):
        proc, info = self.start("def app(:\n", "pd_app:app")
        self.assertEqual(info["kind"], "error")
        conn = http.client.HTTPConnection("127.0.0.1", info["port"], timeout=10)
        conn.request("GET", "/")
        response = conn.getresponse()
        self.assertEqual(response.status, 500)
        self.assertIn("SyntaxError", response.read().decode())
        conn.close()

    def test_a_port_in_use_is_said_as_such(self):
        with socket.socket() as taken:
            taken.bind(("127.0.0.1", 0))
            taken.listen(1)
            port = taken.getsockname()[1]
            result = subprocess.run([sys.executable, SERVE, "--root", tempfile.gettempdir(), "--app", "x:app",
                                     "--port", str(port)], capture_output=True, text=True, timeout=30)
        self.assertEqual(result.returncode, 3)
        line = json.loads(result.stdout.split(" ", 1)[1])
        self.assertEqual(line["error"], "port-in-use")


if __name__ == "__main__":
    unittest.main()
