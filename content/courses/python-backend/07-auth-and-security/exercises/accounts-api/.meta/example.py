import base64
import hashlib
import hmac
import json
import re
import secrets

from kdf import pbkdf2_sha256

ITERATIONS = 1_000  # small for the tests; hundreds of thousands in production
TOKEN_TTL = 3600
LOGIN_BURST, LOGIN_REFILL_SECONDS = 5, 60
USERNAME = re.compile(r"^[a-z0-9_]{3,20}$")
NOTE = re.compile(r"^/notes/(\d+)$")


class HTTPError(Exception):
    def __init__(self, status, message):
        super().__init__(message)
        self.status, self.message = status, message


def _b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def hash_password(password):
    salt = secrets.token_bytes(16)
    return f"pbkdf2_sha256${ITERATIONS}${salt.hex()}${pbkdf2_sha256(password.encode(), salt, ITERATIONS).hex()}"


def verify_password(password, stored):
    _, iterations, salt, key = stored.split("$")
    actual = pbkdf2_sha256(password.encode(), bytes.fromhex(salt), int(iterations))
    return hmac.compare_digest(actual, bytes.fromhex(key))


# A password to check when the user doesn't exist, so both cases cost the same.
_DUMMY = hash_password(secrets.token_urlsafe(16))


def make_app(secret_key, clock, admins=()):
    users = {}  # name -> {"hash", "role"}
    notes = {}  # id -> {"id", "owner", "text"}
    attempts = {}  # name -> [tokens, updated]: a token bucket of login attempts per user name
    next_id = [1]

    def sign(claims):
        part = _b64(json.dumps(claims, sort_keys=True).encode())
        return part + "." + _b64(hmac.new(secret_key, part.encode(), hashlib.sha256).digest())

    def verify(token):
        part, dot, signature = token.partition(".")
        if not dot or not token.isascii():
            return None
        expected = _b64(hmac.new(secret_key, part.encode(), hashlib.sha256).digest())
        if not hmac.compare_digest(signature.encode(), expected.encode()):
            return None
        try:
            claims = json.loads(_unb64(part))
        except ValueError:
            return None
        if not isinstance(claims, dict) or not isinstance(claims.get("exp"), int) or clock() >= claims["exp"]:
            return None
        return claims

    def login_allowed(name):
        now = clock()
        tokens, updated = attempts.get(name, (LOGIN_BURST, now))
        tokens = min(LOGIN_BURST, tokens + max(0.0, now - updated) / LOGIN_REFILL_SECONDS)
        attempts[name] = [tokens, max(now, updated)]
        return tokens >= 1

    def spend_attempt(name):
        attempts[name][0] -= 1

    def body_of(environ):
        size = int(environ.get("CONTENT_LENGTH") or 0)
        try:
            data = json.loads(environ["wsgi.input"].read(size) or b"null")
        except ValueError:
            raise HTTPError(400, "the body is not valid JSON") from None
        if not isinstance(data, dict):
            raise HTTPError(400, "the body must be a JSON object")
        return data

    def current_user(environ):
        scheme, _, token = environ.get("HTTP_AUTHORIZATION", "").partition(" ")
        claims = verify(token) if scheme == "Bearer" else None
        if claims is None or claims.get("sub") not in users:
            raise HTTPError(401, "log in first")
        return claims["sub"]

    def own_note(user, note_id, allow_admin):
        note = notes.get(note_id)
        if note is None or (note["owner"] != user and not (allow_admin and users[user]["role"] == "admin")):
            raise HTTPError(404, "no such note")
        return note

    def route(method, path, environ):
        if path == "/signup" and method == "POST":
            data = body_of(environ)
            name, password = data.get("username"), data.get("password")
            if not isinstance(name, str) or not USERNAME.match(name):
                raise HTTPError(422, "username: 3 to 20 characters a-z, 0-9 or _")
            if not isinstance(password, str) or len(password) < 8:
                raise HTTPError(422, "password: at least 8 characters")
            if name in users:
                raise HTTPError(409, "that username is taken")
            users[name] = {"hash": hash_password(password), "role": "admin" if name in admins else "user"}
            return 201, {"username": name, "role": users[name]["role"]}
        if path == "/login" and method == "POST":
            data = body_of(environ)
            name, password = data.get("username"), data.get("password")
            if not isinstance(name, str) or not isinstance(password, str):
                raise HTTPError(422, "username and password are required")
            if not login_allowed(name):
                raise HTTPError(429, "too many attempts: try again later")
            user = users.get(name)
            ok = verify_password(password, user["hash"] if user else _DUMMY) and user is not None
            if not ok:
                spend_attempt(name)
                raise HTTPError(401, "wrong username or password")
            return 200, {"token": sign({"sub": name, "exp": int(clock()) + TOKEN_TTL})}
        user = current_user(environ)
        if path == "/me" and method == "GET":
            return 200, {"username": user, "role": users[user]["role"]}
        if path == "/users" and method == "GET":
            if users[user]["role"] != "admin":
                raise HTTPError(403, "admins only")
            return 200, [{"username": n, "role": users[n]["role"]} for n in sorted(users)]
        if path == "/notes" and method == "POST":
            text = body_of(environ).get("text")
            if not isinstance(text, str) or not 1 <= len(text) <= 1000:
                raise HTTPError(422, "text: 1 to 1000 characters")
            note = {"id": next_id[0], "owner": user, "text": text}
            notes[note["id"]] = note
            next_id[0] += 1
            return 201, note
        if path == "/notes" and method == "GET":
            return 200, [n for n in notes.values() if n["owner"] == user]
        match = NOTE.match(path)
        if match:
            note_id = int(match.group(1))
            if method == "GET":
                return 200, own_note(user, note_id, allow_admin=True)
            if method == "DELETE":
                del notes[own_note(user, note_id, allow_admin=True)["id"]]
                return 204, None
            raise HTTPError(405, "GET or DELETE")
        raise HTTPError(404, "not found")

    def app(environ, start_response):
        try:
            status, body = route(environ["REQUEST_METHOD"], environ["PATH_INFO"], environ)
        except HTTPError as error:
            status, body = error.status, {"error": error.message}
        reasons = {200: "OK", 201: "Created", 204: "No Content", 400: "Bad Request", 401: "Unauthorized",
                   403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed", 409: "Conflict",
                   422: "Unprocessable Content", 429: "Too Many Requests"}
        data = b"" if body is None else json.dumps(body).encode()
        headers = [("Content-Length", str(len(data)))]
        if body is not None:
            headers.insert(0, ("Content-Type", "application/json"))
        if status == 401:
            headers.append(("WWW-Authenticate", "Bearer"))
        start_response(f"{status} {reasons[status]}", headers)
        return [data]

    return app
