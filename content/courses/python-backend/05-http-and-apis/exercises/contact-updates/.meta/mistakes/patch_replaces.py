import json

FIELDS = ("name", "email", "phone")
REUSED_KEY = {"error": "this Idempotency-Key was used for another request"}


class Answer(Exception):
    def __init__(self, status, body, headers=()):
        super().__init__(status)
        self.status, self.body, self.headers = status, body, list(headers)


def _problems(data, partial):
    fields = {}
    if "name" in data or not partial:
        name = data.get("name")
        if not isinstance(name, str) or not name.strip():
            fields["name"] = "required"
    if "email" in data or not partial:
        email = data.get("email")
        if "email" not in data:
            fields["email"] = "required"
        elif not isinstance(email, str) or "@" not in email:
            fields["email"] = "must be an email address"
    if "phone" in data and not (data["phone"] is None or isinstance(data["phone"], str)):
        fields["phone"] = "must be a string or null"
    for name in sorted(set(data) - set(FIELDS)):
        fields[name] = "unknown field"
    return fields


def _read(environ, partial):
    length = environ.get("CONTENT_LENGTH") or "0"
    raw = environ["wsgi.input"].read(int(length)) if length.isdigit() else b""
    try:
        data = json.loads(raw)
    except ValueError:
        data = None
    if not isinstance(data, dict):
        raise Answer("400 Bad Request", {"error": "send a JSON object"})
    fields = _problems(data, partial)
    if fields:
        raise Answer("422 Unprocessable Entity", {"error": "validation failed", "fields": fields})
    return raw, data


def make_app():
    """A new WSGI app with no contacts (see the instructions)."""
    contacts = {}
    answers = {}  # Idempotency-Key -> (parsed body, status, answer, headers)
    last_id = [0]

    def create(environ):
        key = environ.get("HTTP_IDEMPOTENCY_KEY")
        _, data = _read(environ, partial=False)
        if key is not None and key in answers:
            first_body, *answer = answers[key]
            if first_body != data:
                raise Answer("409 Conflict", REUSED_KEY)
            return tuple(answer)
        last_id[0] += 1
        contact = {"id": last_id[0], "name": data["name"], "email": data["email"], "phone": data.get("phone")}
        contacts[contact["id"]] = contact
        answer = ("201 Created", dict(contact), [("Location", f"/contacts/{contact['id']}")])
        if key is not None:
            answers[key] = (data, *answer)
        return answer

    def change(method, contact_id, environ):
        if not contact_id.isdigit() or int(contact_id) not in contacts:
            raise Answer("404 Not Found", {"error": f"no contact {contact_id}"})
        contact_id = int(contact_id)
        if method == "GET":
            return "200 OK", contacts[contact_id], []
        if method == "PUT":
            _, data = _read(environ, partial=False)
            contacts[contact_id] = {"id": contact_id, "name": data["name"], "email": data["email"], "phone": data.get("phone")}
        else:
            _, data = _read(environ, partial=True)
            contacts[contact_id] = {"id": contact_id, "name": data.get("name"), "email": data.get("email"), "phone": data.get("phone")}
        return "200 OK", contacts[contact_id], []

    def route(environ):
        method, parts = environ["REQUEST_METHOD"], environ["PATH_INFO"].strip("/").split("/")
        if parts == ["contacts"]:
            if method != "POST":
                raise Answer("405 Method Not Allowed", {"error": "method not allowed"}, [("Allow", "POST")])
            return create(environ)
        if len(parts) == 2 and parts[0] == "contacts":
            if method not in ("GET", "PUT", "PATCH"):
                raise Answer("405 Method Not Allowed", {"error": "method not allowed"}, [("Allow", "GET, PATCH, PUT")])
            return change(method, parts[1], environ)
        raise Answer("404 Not Found", {"error": "not found"})

    def app(environ, start_response):
        try:
            status, answer, headers = route(environ)
        except Answer as error:
            status, answer, headers = error.status, error.body, error.headers
        body = json.dumps(answer).encode("utf-8")
        start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(body)))] + headers)
        return [body]

    return app
