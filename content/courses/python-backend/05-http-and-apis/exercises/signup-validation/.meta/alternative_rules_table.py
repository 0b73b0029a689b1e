import json
import re

EMAIL = re.compile(r"[^@\s]+@[^@\s]+")


def _email(value):
    if not isinstance(value, str):
        return "must be a string"
    return None if EMAIL.fullmatch(value) else "must be an email address"


def _password(value):
    if not isinstance(value, str):
        return "must be a string"
    return None if len(value) >= 10 else "must be at least 10 characters"


def _age(value):
    if type(value) is not int:
        return "must be a whole number"
    return None if 13 <= value <= 130 else "must be between 13 and 130"


RULES = [("email", True, _email), ("password", True, _password), ("age", False, _age)]


def _check(data):
    problems = {}
    for name, required, rule in RULES:
        if name not in data or (not required and data[name] is None):
            if required:
                problems[name] = "required"
            continue
        problem = rule(data[name])
        if problem:
            problems[name] = problem
    problems.update((name, "unknown field") for name in sorted(data) if name not in {n for n, _, _ in RULES})
    return problems


def make_app():
    registered = {}

    def reply(start_response, status, payload, extra=()):
        raw = json.dumps(payload).encode()
        start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(raw))), *extra])
        return [raw]

    def app(environ, start_response):
        if environ["PATH_INFO"] != "/signups":
            return reply(start_response, "404 Not Found", {"error": "not found"})
        if environ["REQUEST_METHOD"] != "POST":
            return reply(start_response, "405 Method Not Allowed", {"error": "method not allowed"}, [("Allow", "POST")])
        media = environ.get("CONTENT_TYPE", "").partition(";")[0].strip().lower()
        if media != "application/json":
            return reply(start_response, "415 Unsupported Media Type", {"error": "send JSON with Content-Type: application/json"})
        size = int(environ.get("CONTENT_LENGTH") or 0)
        try:
            data = json.loads(environ["wsgi.input"].read(size).decode("utf-8"))
        except ValueError:
            return reply(start_response, "400 Bad Request", {"error": "the body is not valid JSON"})
        if type(data) is not dict:
            return reply(start_response, "422 Unprocessable Entity", {"error": "the body must be a JSON object"})
        problems = _check(data)
        if problems:
            return reply(start_response, "422 Unprocessable Entity", {"error": "validation failed", "fields": problems})
        email = data["email"].lower()
        if email in registered:
            return reply(start_response, "409 Conflict", {"error": "this email is already registered"})
        user = {"id": len(registered) + 1, "email": email, "age": data.get("age")}
        registered[email] = user
        return reply(start_response, "201 Created", user, [("Location", "/users/%d" % user["id"])])

    return app
