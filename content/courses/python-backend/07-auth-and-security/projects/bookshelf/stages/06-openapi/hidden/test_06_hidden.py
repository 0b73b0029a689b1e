"""Stage 6, hidden: error bodies and lists match their described schemas."""

from pydojo_harness.http_client import client_for

from bookshelf.app import make_app


def resolve(doc, schema):
    while "$ref" in schema:
        schema = doc["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def schema_of(doc, path, method, status):
    response = doc["paths"][path][method]["responses"][str(status)]
    return resolve(doc, response["content"]["application/json"]["schema"])


def test_error_answers_are_described_as_errors():
    app = make_app()
    desk = client_for(app)
    desk.post("/accounts", json={"username": "head", "password": "head librarian 1"})
    reader = client_for(app)
    reader.post("/accounts", json={"username": "guest", "password": "guest reader 1"})
    doc = client_for(app).get("/openapi.json").json()
    paths = {p.replace("{id}", "{}"): p for p in doc["paths"]}
    for path, method, client, status in [("/members", "get", reader, 403), ("/members", "get", client_for(app), 401),
                                         ("/loans/{}", "get", desk, 404)]:
        response = client.request(method.upper(), path.replace("{}", "77"))
        assert response.status == status, f"{method.upper()} {path.replace('{}', '77')} should answer {status}, got {response.status}"
        schema = schema_of(doc, paths[path], method, status)
        assert set(schema.get("required", [])) <= set(response.json()), f"{method} {path} {status}: {response.text}"


def test_list_schemas_describe_their_items():
    app = make_app()
    desk = client_for(app)
    desk.post("/accounts", json={"username": "head", "password": "head librarian 1"})
    desk.post("/members", json={"name": "Ed", "email": "ed@example.org"})
    doc = desk.get("/openapi.json").json()
    members = schema_of(doc, "/members", "get", 200)
    item = resolve(doc, members["properties"]["items"]["items"])
    assert set(desk.get("/members").json()["items"][0]) <= set(item["properties"])
