"""The same API as a class with __call__, tokens as '<name>|<exp>|<hex mac>', and storage in
small dataclasses: the tests check what the API does, not how it is built."""

import hmac
import json
import os
from dataclasses import dataclass, field
from string import ascii_lowercase, digits

from kdf import pbkdf2_sha256

ITERATIONS = 1_000
NAME_CHARS = set(ascii_lowercase + digits + "_")
STATUS = {200: "OK", 201: "Created", 204: "No Content", 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden",
          404: "Not Found", 405: "Method Not Allowed", 409: "Conflict", 422: "Unprocessable Content",
          429: "Too Many Requests"}


class Refused(Exception):
    pass


@dataclass
class User:
    salt: bytes
    key: bytes
    role: str


@dataclass
class Attempts:
    left: float = 5.0
    since: float = 0.0


@dataclass
class Accounts:
    secret: bytes
    clock: object
    admins: tuple = ()
    users: dict = field(default_factory=dict)
    notes: list = field(default_factory=list)
    attempts: dict = field(default_factory=dict)
    counter: int = 0

    def __call__(self, environ, start_response):
        try:
            code, payload = self.handle(environ)
        except Refused as refusal:
            code, message = refusal.args
            payload = {"error": message}
        raw = b"" if code == 204 else json.dumps(payload).encode()
        headers = [("Content-Length", str(len(raw)))] + ([("Content-Type", "application/json")] if raw else [])
        start_response(f"{code} {STATUS[code]}", headers)
        return [raw]

    # -- helpers ----------------------------------------------------------------------------
    def derive(self, password, salt):
        return pbkdf2_sha256(password.encode("utf-8"), salt, ITERATIONS)

    def mac(self, text):
        return hmac.new(self.secret, text.encode(), "sha256").hexdigest()

    def json_body(self, environ):
        length = int(environ.get("CONTENT_LENGTH") or 0)
        try:
            value = json.loads(environ["wsgi.input"].read(length).decode("utf-8") or "null")
        except ValueError:
            raise Refused(400, "invalid JSON") from None
        if type(value) is not dict:
            raise Refused(400, "expected a JSON object")
        return value

    def who(self, environ):
        header = environ.get("HTTP_AUTHORIZATION", "")
        if not header.startswith("Bearer "):
            raise Refused(401, "unauthenticated")
        fields = header[7:].split("|")
        if len(fields) == 3 and fields[1].isdigit():
            name, exp, mac = fields
            good = hmac.compare_digest(mac.encode(), self.mac(f"{name}|{exp}").encode())
            if good and self.clock() < int(exp) and name in self.users:
                return name
        raise Refused(401, "unauthenticated")

    def may_try(self, name):
        now = self.clock()
        slot = self.attempts.setdefault(name, Attempts(since=now))
        slot.left = min(5.0, slot.left + max(0.0, now - slot.since) / 60)
        slot.since = max(slot.since, now)
        return slot.left >= 1

    def find_note(self, name, note_id):
        for note in self.notes:
            if note["id"] == note_id and (note["owner"] == name or self.users[name].role == "admin"):
                return note
        raise Refused(404, "note not found")

    # -- routes -----------------------------------------------------------------------------
    def handle(self, environ):
        verb, path = environ["REQUEST_METHOD"], environ["PATH_INFO"]
        if (verb, path) == ("POST", "/signup"):
            body = self.json_body(environ)
            name, password = body.get("username"), body.get("password")
            if type(name) is not str or not 3 <= len(name) <= 20 or not set(name) <= NAME_CHARS:
                raise Refused(422, "invalid username")
            if type(password) is not str or len(password) < 8:
                raise Refused(422, "password too short")
            if name in self.users:
                raise Refused(409, "username taken")
            salt = os.urandom(16)
            self.users[name] = User(salt, self.derive(password, salt), "admin" if name in self.admins else "user")
            return 201, {"username": name, "role": self.users[name].role}
        if (verb, path) == ("POST", "/login"):
            body = self.json_body(environ)
            name, password = body.get("username"), body.get("password")
            if type(name) is not str or type(password) is not str:
                raise Refused(422, "username and password required")
            if not self.may_try(name):
                raise Refused(429, "slow down")
            user = self.users.get(name) or User(b"\0" * 16, b"", "user")
            if not hmac.compare_digest(self.derive(password, user.salt), user.key):
                self.attempts[name].left -= 1
                raise Refused(401, "bad credentials")
            exp = int(self.clock()) + 3600
            return 200, {"token": f"{name}|{exp}|{self.mac(f'{name}|{exp}')}"}
        name = self.who(environ)
        if (verb, path) == ("GET", "/me"):
            return 200, {"username": name, "role": self.users[name].role}
        if (verb, path) == ("GET", "/users"):
            if self.users[name].role != "admin":
                raise Refused(403, "forbidden")
            return 200, [{"username": n, "role": u.role} for n, u in sorted(self.users.items())]
        if path == "/notes":
            if verb == "GET":
                return 200, [n for n in self.notes if n["owner"] == name]
            if verb == "POST":
                text = self.json_body(environ).get("text")
                if type(text) is not str or not 0 < len(text) <= 1000:
                    raise Refused(422, "invalid text")
                self.counter += 1
                self.notes.append({"id": self.counter, "owner": name, "text": text})
                return 201, self.notes[-1]
        prefix, _, rest = path.rpartition("/")
        if prefix == "/notes" and rest.isdigit():
            note = self.find_note(name, int(rest))
            if verb == "GET":
                return 200, note
            if verb == "DELETE":
                self.notes.remove(note)
                return 204, None
            raise Refused(405, "method not allowed")
        raise Refused(404, "not found")


def make_app(secret_key, clock, admins=()):
    return Accounts(secret_key, clock, tuple(admins))
