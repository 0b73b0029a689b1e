import json

FIELDS = {"email", "password", "age"}


class Reject(Exception):
    def __init__(self, status, body, headers=()):
        super().__init__(status)
        self.status, self.body, self.headers = status, body, list(headers)


def _problems(data):
    fields = {}
    email = data.get("email")
    if "email" not in data:
        fields["email"] = "required"
    elif not isinstance(email, str):
        fields["email"] = "must be a string"
    else:
        local, at, domain = email.partition("@")
        if not (at and local and domain and "@" not in domain and " " not in email):
            fields["email"] = "must be an email address"
    password = data.get("password")
    if "password" not in data:
        fields["password"] = "required"
    elif not isinstance(password, str):
        fields["password"] = "must be a string"
    elif len(password) < 10:
        fields["password"] = "must be at least 10 characters"
    age = data.get("age")
    if age is not None:
        if isinstance(age, bool) or not isinstance(age, int):
            fields["age"] = "must be a whole number"
        elif not 13 <= age <= 130:
            fields["age"] = "must be between 13 and 130"
    for name in sorted(set(data) - FIELDS):
        fields[name] = "unknown field"
    return dict(list(fields.items())[:1])


def make_app():
    """A new WSGI app answering POST /signups (see the instructions)."""
    users = []

    def signup(environ):
        content_type = (environ.get("CONTENT_TYPE") or "").split(";")[0].strip().lower()
        if content_type != "application/json":
            raise Reject("415 Unsupported Media Type", {"error": "send JSON with Content-Type: application/json"})
        length = environ.get("CONTENT_LENGTH") or "0"
        raw = environ["wsgi.input"].read(int(length)) if length.isdigit() else b""
        try:
            data = json.loads(raw)
        except ValueError:
            raise Reject("400 Bad Request", {"error": "the body is not valid JSON"}) from None
        if not isinstance(data, dict):
            raise Reject("422 Unprocessable Entity", {"error": "the body must be a JSON object"})
        fields = _problems(data)
        if fields:
            raise Reject("422 Unprocessable Entity", {"error": "validation failed", "fields": fields})
        email = data["email"].lower()
        if any(user["email"] == email for user in users):
            raise Reject("409 Conflict", {"error": "this email is already registered"})
        user = {"id": len(users) + 1, "email": email, "age": data.get("age")}
        users.append(user)
        return "201 Created", user, [("Location", f"/users/{user['id']}")]

    def app(environ, start_response):
        try:
            if environ.get("PATH_INFO") != "/signups":
                raise Reject("404 Not Found", {"error": "not found"})
            if environ["REQUEST_METHOD"] != "POST":
                raise Reject("405 Method Not Allowed", {"error": "method not allowed"}, [("Allow", "POST")])
            status, answer, headers = signup(environ)
        except Reject as reject:
            status, answer, headers = reject.status, reject.body, reject.headers
        body = json.dumps(answer).encode("utf-8")
        start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(body)))] + headers)
        return [body]

    return app
