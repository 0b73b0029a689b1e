"""Stage 6: GET /openapi.json describes the API exactly as it is: every route, method, status
code, parameter and body shape, and nothing that isn't there."""

import random
import re

import pytest
from pydojo_harness.http_client import client_for

from bookshelf.app import make_app

METHODS = ("get", "post", "put", "patch", "delete")
# Every operation of the tickets, stages 1 to 6 ({} stands for a path parameter).
EXPECTED = {
    ("/books", "get"), ("/books", "post"),
    ("/books/{}", "get"), ("/books/{}", "put"), ("/books/{}", "patch"), ("/books/{}", "delete"),
    ("/members", "get"), ("/members", "post"),
    ("/members/{}", "get"), ("/members/{}", "put"), ("/members/{}", "patch"), ("/members/{}", "delete"),
    ("/members/{}/loans", "get"), ("/loans", "post"), ("/loans/{}", "get"), ("/loans/{}/return", "post"),
    ("/accounts", "post"), ("/login", "post"), ("/logout", "post"), ("/me", "get"), ("/openapi.json", "get"),
}
PUBLIC = {("/books", "get"), ("/books/{}", "get"), ("/accounts", "post"), ("/login", "post"), ("/openapi.json", "get")}
PASSWORD = "long enough 123"


def shape(path):
    return re.sub(r"\{[^}]*\}", "{}", path)


class Library:
    """A fresh app with a librarian, a member account, a book, a library member and a loan."""

    def __init__(self):
        self.app = make_app(loan_limit=5)
        self.desk = self.sign_up("desk")
        self.reader = self.sign_up("reader")
        self.stranger = client_for(self.app)
        self.book = self.made("/books", {"title": "Harbour Lights", "author": "Ines Duarte", "year": 2015, "copies": 3})
        self.spare = self.made("/books", {"title": "Copper", "author": "Ines Duarte", "year": 2019, "copies": 1})
        self.member = self.made("/members", {"name": "Ines Duarte", "email": "ines@example.org"})
        loans = self.desk.post("/loans", json={"member_id": self.member, "book_ids": [self.book]})
        assert loans.status == 201, f"POST /loans should be 201 (stage 5), got {loans.status} {loans.text}"
        self.loan = loans.json()["loans"][0]["id"]

    def sign_up(self, name):
        client = client_for(self.app)
        response = client.post("/accounts", json={"username": name, "password": PASSWORD})
        assert response.status == 201, f"POST /accounts should be 201 (stage 4), got {response.status}"
        return client

    def made(self, path, body):
        response = self.desk.post(path, json=body)
        assert response.status == 201, f"POST {path} should be 201, got {response.status} {response.text}"
        return response.json()["id"]

    def fill(self, path):
        """The path with real ids in place of its parameters."""
        kind = path.strip("/").split("/")[0]
        value = {"books": self.book, "members": self.member, "loans": self.loan}.get(kind, 1)
        return re.sub(r"\{[^}]*\}", str(value), path)


@pytest.fixture
def library():
    return Library()


@pytest.fixture
def doc(library):
    response = library.stranger.get("/openapi.json")
    assert response.status == 200, f"GET /openapi.json is public: 200, got {response.status}"
    assert (response.headers.get("Content-Type") or "").startswith("application/json")
    return response.json()


def operations(doc):
    for path, item in doc.get("paths", {}).items():
        for method in METHODS:
            if method in item:
                yield path, method, item[method]


def resolve(doc, schema):
    while isinstance(schema, dict) and "$ref" in schema:
        reference = schema["$ref"]
        assert reference.startswith("#/components/schemas/"), f"only local $refs here, got {reference}"
        name = reference.rsplit("/", 1)[1]
        assert name in doc.get("components", {}).get("schemas", {}), f"{reference} points at no schema"
        schema = doc["components"]["schemas"][name]
    return schema


TYPES = {"string": str, "integer": int, "number": (int, float), "boolean": bool, "array": list, "object": dict, "null": type(None)}


def check(doc, schema, value, where):
    """A small JSON Schema check: $ref, type, enum, const, required, properties,
    additionalProperties: false, items, anyOf/oneOf. Returns a list of problems."""
    schema = resolve(doc, schema)
    if not isinstance(schema, dict):
        return []
    for keyword in ("anyOf", "oneOf"):
        if keyword in schema:
            if all(check(doc, option, value, where) for option in schema[keyword]):
                return [f"{where}: {value!r} matches none of {keyword}"]
    problems = []
    if "type" in schema:
        kinds = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        fits = any(isinstance(value, TYPES[k]) and not (k in ("integer", "number") and isinstance(value, bool)) for k in kinds if k in TYPES)
        if not fits:
            return [f"{where}: {value!r} is not of type {schema['type']}"]
    if "enum" in schema and value not in schema["enum"]:
        problems.append(f"{where}: {value!r} is not one of {schema['enum']}")
    if "const" in schema and value != schema["const"]:
        problems.append(f"{where}: {value!r} is not {schema['const']!r}")
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        problems += [f"{where}: the schema requires {name!r}, the answer has no such field" for name in schema.get("required", []) if name not in value]
        for name, item in value.items():
            if name in properties:
                problems += check(doc, properties[name], item, f"{where}.{name}")
            elif schema.get("additionalProperties") is False:
                problems.append(f"{where}: the answer has a field {name!r} the schema doesn't describe")
    if isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            problems += check(doc, schema["items"], item, f"{where}[{i}]")
    return problems


def documented_statuses(operation):
    return {str(code) for code in operation.get("responses", {})}


def test_the_document_is_openapi_3_1(doc):
    assert str(doc.get("openapi", "")).startswith("3.1."), f'"openapi" must be "3.1.0" (or another 3.1.x), got {doc.get("openapi")!r}'
    info = doc.get("info", {})
    assert isinstance(info.get("title"), str) and isinstance(info.get("version"), str), "info needs a title and a version"
    found = list(operations(doc))
    assert found, "paths describes no operation"
    for path, method, operation in found:
        responses = operation.get("responses")
        assert isinstance(responses, dict) and responses, f"{method.upper()} {path} describes no responses"
        for code, response in responses.items():
            assert re.fullmatch(r"[1-5][0-9][0-9]", str(code)), f"{method.upper()} {path}: {code!r} is not a status code"
            assert isinstance(response, dict) and isinstance(response.get("description"), str), (
                f"{method.upper()} {path} {code}: every response needs a description"
            )


def test_every_route_is_described(doc):
    described = {(shape(path), method) for path, method, _ in operations(doc)}
    missing = sorted(EXPECTED - described)
    assert not missing, "these operations exist but are not described: " + ", ".join(f"{m.upper()} {p}" for p, m in missing)


def test_everything_described_exists(doc):
    for path, method, operation in operations(doc):
        library = Library()  # a fresh library for each operation: some of them delete things
        target = library.fill(path)
        body = {} if method in ("post", "put", "patch") else None
        response = library.desk.request(method.upper(), target, json=body) if body is not None else library.desk.request(method.upper(), target)
        assert response.status not in (404, 405), (
            f"{method.upper()} {path} is described, but {method.upper()} {target} (as a librarian, with real ids) answers "
            f"{response.status}: it doesn't exist. Describe only what the API does"
        )
        assert str(response.status) in documented_statuses(operation), (
            f"{method.upper()} {target} answered {response.status}, which its description doesn't list "
            f"(it lists {sorted(documented_statuses(operation))})"
        )


def test_methods_not_described_are_405_and_paths_not_described_are_404(doc, library):
    for path, item in doc["paths"].items():
        described = {m.upper() for m in METHODS if m in item}
        for method in sorted({m.upper() for m in METHODS} - described):
            response = library.desk.request(method, library.fill(path))
            assert response.status == 405, f"{method} {path} is not described, so it must not exist: 405, got {response.status}"
            allow = {m.strip() for m in (response.headers.get("Allow") or "").split(",") if m.strip()}
            assert allow == described, f"Allow for {path} should list exactly the described methods {sorted(described)}, got {sorted(allow)}"
    shapes = {shape(p) for p in doc["paths"]}
    for path in ("/authors", "/books/1/loans", "/admin", "/openapi.yaml", f"/loans/{random.randint(1, 9)}/renew"):
        if shape(path) not in shapes:
            assert library.desk.get(path).status == 404, f"GET {path} is not described: it must be 404"


def by_shape(doc):
    return {(shape(path), method): operation for path, method, operation in operations(doc)}


def test_the_status_codes_the_api_answers_are_described(doc, library):
    ops = by_shape(doc)
    d, r, s = library.desk, library.reader, library.stranger
    json_headers = {"Content-Type": "application/json"}
    book = {"title": "Salt", "author": "Ines Duarte", "year": 2001}
    cases = [
        (("/books", "get"), lambda: s.get("/books", params={"limit": "0"})),
        (("/books", "post"), lambda: s.post("/books", json=book)),
        (("/books", "post"), lambda: r.post("/books", json=book)),
        (("/books", "post"), lambda: d.post("/books", body="{", headers=json_headers)),
        (("/books", "post"), lambda: d.post("/books", body="{}", headers={"Content-Type": "text/plain"})),
        (("/books", "post"), lambda: d.post("/books", json={"title": ""})),
        (("/books/{}", "get"), lambda: s.get("/books/987654")),
        (("/books/{}", "delete"), lambda: d.delete(f"/books/{library.book}")),
        (("/books/{}", "patch"), lambda: d.patch(f"/books/{library.book}", json={"copies": 0})),
        (("/members/{}", "get"), lambda: r.get(f"/members/{library.member}")),
        (("/members/{}", "delete"), lambda: d.delete(f"/members/{library.member}")),
        (("/loans", "post"), lambda: d.post("/loans", json={"member_id": library.member, "book_ids": [library.spare, library.spare]})),
        (("/loans", "post"), lambda: d.post("/loans", json={"member_id": library.member, "book_ids": [library.spare]})),
        (("/loans", "post"), lambda: d.post("/loans", json={"member_id": library.member, "book_ids": [library.spare]})),
        (("/loans/{}", "get"), lambda: d.get("/loans/987654")),
        (("/loans/{}/return", "post"), lambda: d.post(f"/loans/{library.loan}/return")),
        (("/loans/{}/return", "post"), lambda: d.post(f"/loans/{library.loan}/return")),
        (("/accounts", "post"), lambda: s.post("/accounts", json={"username": "desk", "password": PASSWORD})),
        (("/accounts", "post"), lambda: s.post("/accounts", json={"username": "x"})),
        (("/login", "post"), lambda: s.post("/login", json={"username": "desk", "password": "wrong password"})),
        (("/me", "get"), lambda: s.get("/me")),
        (("/logout", "post"), lambda: s.post("/logout")),
    ]
    for key, send in cases:
        assert key in ops, f"{key[1].upper()} {key[0]} is not described"
        response = send()
        listed = documented_statuses(ops[key])
        assert str(response.status) in listed, (
            f"{key[1].upper()} {key[0]} answered {response.status} ({response.text[:80]}), but its description lists only "
            f"{sorted(listed)}: describe every status code an operation really answers"
        )


def test_the_bodies_match_their_schemas(doc, library):
    ops = by_shape(doc)
    d = library.desk
    answers = [
        (("/books/{}", "get"), d.get(f"/books/{library.book}")),
        (("/books", "get"), d.get("/books", params={"limit": "1"})),
        (("/members/{}", "get"), d.get(f"/members/{library.member}")),
        (("/members/{}/loans", "get"), d.get(f"/members/{library.member}/loans")),
        (("/loans/{}", "get"), d.get(f"/loans/{library.loan}")),
        (("/loans", "post"), d.post("/loans", json={"member_id": library.member, "book_ids": [library.spare]})),
        (("/me", "get"), d.get("/me")),
        (("/books/{}", "get"), d.get("/books/987654")),
        (("/books", "post"), d.post("/books", json={"title": ""})),
    ]
    for key, response in answers:
        assert key in ops, f"{key[1].upper()} {key[0]} is not described"
        described = ops[key].get("responses", {}).get(str(response.status), {})
        schema = described.get("content", {}).get("application/json", {}).get("schema")
        assert schema is not None, (
            f"{key[1].upper()} {key[0]} answers {response.status} with a JSON body: describe it under "
            f'responses."{response.status}".content."application/json".schema'
        )
        problems = check(doc, schema, response.json(), "body")
        assert not problems, f"the answer of {key[1].upper()} {key[0]} ({response.status}) doesn't match its schema:\n" + "\n".join(problems)
    book = resolve(doc, ops[("/books/{}", "get")]["responses"]["200"]["content"]["application/json"]["schema"])
    fields = set(d.get(f"/books/{library.book}").json())
    assert fields <= set(book.get("properties", {})), (
        f"the book schema must describe every field a book has: {sorted(fields - set(book.get('properties', {})))} missing"
    )


def test_request_bodies_and_parameters_are_described(doc):
    ops = by_shape(doc)
    post_book = ops[("/books", "post")]
    schema = resolve(doc, post_book.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema"))
    assert isinstance(schema, dict), "POST /books needs a requestBody with an application/json schema"
    assert {"title", "author", "year", "copies", "isbn", "tags"} <= set(schema.get("properties", {})), (
        "the request body of POST /books describes every field a client may send"
    )
    assert set(schema.get("required", [])) == {"title", "author", "year"}, "title, author and year are required, nothing else"
    names = {p.get("name") for p in ops[("/books", "get")].get("parameters", []) if p.get("in") == "query"}
    assert {"author", "q", "tag", "limit", "cursor"} <= names, f"GET /books describes its query parameters, got {sorted(names)}"
    for (path, method), operation in ops.items():
        if "{}" in path:
            ins = [p for p in operation.get("parameters", []) if p.get("in") == "path"]
            assert ins and all(p.get("required") is True for p in ins), f"{method.upper()} {path}: describe its path parameter (required)"


def test_security_says_which_operations_need_a_session(doc):
    schemes = doc.get("components", {}).get("securitySchemes", {})
    cookie = [name for name, s in schemes.items() if s.get("type") == "apiKey" and s.get("in") == "cookie" and s.get("name") == "session"]
    assert cookie, 'components.securitySchemes needs the session cookie: {"type": "apiKey", "in": "cookie", "name": "session"}'
    for (path, method), operation in by_shape(doc).items():
        effective = operation.get("security", doc.get("security", []))
        if (path, method) in PUBLIC:
            assert effective == [] or effective == [{}], f"{method.upper()} {path} is public: its security must be empty"
        elif (path, method) in EXPECTED:
            assert effective and any(set(req) & set(cookie) for req in effective), (
                f"{method.upper()} {path} answers 401 without a session: its security must name the session cookie"
            )
