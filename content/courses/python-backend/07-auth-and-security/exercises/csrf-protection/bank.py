"""The bank's WSGI app. Add CSRF protection: see the instructions."""
import hmac
import json
import secrets
from http.cookies import SimpleCookie
from urllib.parse import parse_qs


def make_app(passwords, balances):
    balances = dict(balances)
    sessions = {}  # session id -> {"user": name}

    def respond(start_response, status, body, headers=()):
        data = json.dumps(body).encode()
        start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(data))), *headers])
        return [data]

    def form(environ):
        size = int(environ.get("CONTENT_LENGTH") or 0)
        raw = environ["wsgi.input"].read(size).decode("utf-8", "replace") if size else ""
        return {key: values[0] for key, values in parse_qs(raw).items()}

    def session_of(environ):
        cookie = SimpleCookie()
        try:
            cookie.load(environ.get("HTTP_COOKIE", ""))
        except Exception:  # noqa: BLE001 - a malformed Cookie header is no session
            return None, None
        morsel = cookie.get("session")
        if morsel is None or morsel.value not in sessions:
            return None, None
        return morsel.value, sessions[morsel.value]

    def app(environ, start_response):
        method, path = environ["REQUEST_METHOD"], environ["PATH_INFO"]
        if path == "/login" and method == "POST":
            fields = form(environ)
            user, password = fields.get("username", ""), fields.get("password", "")
            expected = passwords.get(user)
            if expected is None or not hmac.compare_digest(password.encode(), expected.encode()):
                return respond(start_response, "401 Unauthorized", {"error": "wrong username or password"})
            session_id = secrets.token_urlsafe(32)
            sessions[session_id] = {"user": user}
            cookie = f"session={session_id}; Path=/"
            return respond(start_response, "200 OK", {}, [("Set-Cookie", cookie)])
        session_id, session = session_of(environ)
        if path == "/balance" and method == "GET":
            if session is None:
                return respond(start_response, "401 Unauthorized", {"error": "log in first"})
            return respond(start_response, "200 OK", {"balance": balances[session["user"]]})
        if path == "/transfer":
            if method != "POST":
                return respond(start_response, "405 Method Not Allowed", {"error": "use POST"}, [("Allow", "POST")])
            if session is None:
                return respond(start_response, "401 Unauthorized", {"error": "log in first"})
            fields = form(environ)
            sender, to, amount = session["user"], fields.get("to", ""), fields.get("amount", "")
            if to not in balances or to == sender or not amount.isdigit() or not 0 < int(amount) <= balances[sender]:
                return respond(start_response, "400 Bad Request", {"error": "invalid transfer"})
            balances[sender] -= int(amount)
            balances[to] += int(amount)
            return respond(start_response, "200 OK", {"balance": balances[sender]})
        if path == "/logout" and method == "POST":
            if session is not None:
                del sessions[session_id]
            expired = "session=; Path=/; Max-Age=0"
            return respond(start_response, "200 OK", {"ok": True}, [("Set-Cookie", expired)])
        return respond(start_response, "404 Not Found", {"error": "not found"})

    return app


app = make_app({"ada": "correct horse"}, {"ada": 100})
