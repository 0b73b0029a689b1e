import json

UNKNOWN_VERSION = {"error": "unknown API version", "supported": ["v1", "v2"]}


class Answer(Exception):
    def __init__(self, status, body):
        super().__init__(status)
        self.status, self.body = status, body


def _text(data, name):
    value = data.get(name)
    return value.strip() if isinstance(value, str) else None


def _check(data, required):
    fields = {name: "required" for name in required if not _text(data, name)}
    if fields:
        raise Answer("422 Unprocessable Entity", {"error": "validation failed", "fields": fields})


def _from_v1(data):
    _check(data, ("name", "email"))
    first, _, last = _text(data, "name").partition(" ")
    return {"first_name": first, "last_name": last.strip(), "email": _text(data, "email")}


def _to_v1(person):
    name = " ".join(part for part in (person["first_name"], person["last_name"]) if part)
    return {"id": person["id"], "name": name, "email": person["email"]}


def _from_v2(data):
    _check(data, ("first_name", "email"))
    return {"first_name": _text(data, "first_name"), "last_name": _text(data, "last_name") or "", "email": _text(data, "email")}


def _to_v2(person):
    return {key: person[key] for key in ("id", "first_name", "last_name", "email")}


VERSIONS = {"v1": (_from_v1, _to_v1), "v2": (_from_v2, _to_v2)}


def make_app():
    """A new WSGI app serving /v1/people and /v2/people (see the instructions)."""
    people = {}

    def handle(environ, version, rest):
        read, show = VERSIONS[version]
        method = environ["REQUEST_METHOD"]
        if rest == ["people"] and method == "POST":
            length = environ.get("CONTENT_LENGTH") or "0"
            try:
                data = json.loads(environ["wsgi.input"].read(int(length)) if length.isdigit() else b"")
            except ValueError:
                raise Answer("400 Bad Request", {"error": "the body is not valid JSON"}) from None
            if not isinstance(data, dict):
                raise Answer("400 Bad Request", {"error": "the body must be a JSON object"})
            person = {"id": len(people) + 1, **read(data)}
            people[person["id"]] = person
            return "201 Created", show(person), [("Location", f"/{version}/people/{person['id']}")]
        if len(rest) == 2 and rest[0] == "people" and method == "GET":
            if not rest[1].isdigit() or int(rest[1]) not in people:
                raise Answer("404 Not Found", {"error": f"no person {rest[1]}"})
            return "200 OK", show(people[int(rest[1])]), []
        raise Answer("404 Not Found", {"error": "not found"})

    def app(environ, start_response):
        version, *rest = environ["PATH_INFO"].strip("/").split("/")
        headers = []
        try:
            if version not in VERSIONS:
                raise Answer("404 Not Found", UNKNOWN_VERSION)
            status, answer, extra = handle(environ, version, rest)
            headers += extra
            if version == "v1":
                headers.append(("Deprecation", "true"))
        except Answer as error:
            status, answer = error.status, error.body
        body = json.dumps(answer).encode("utf-8")
        start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(body)))] + headers)
        return [body]

    return app
