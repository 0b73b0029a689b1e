import pytest
from pydojo_harness.http_client import client_for

from tiny import HTTPError, Tiny


@pytest.fixture
def app():
    return Tiny()


def test_a_dict_is_200_json(app):
    @app.route("GET", "/ping")
    def ping(request):
        return {"pong": True}

    response = client_for(app).get("/ping")
    assert (response.status, response.json()) == (200, {"pong": True})
    assert response.headers.get("Content-Type") == "application/json"
    assert response.headers.get("Content-Length") == str(len(response.body))


def test_route_returns_the_handler(app):
    def handler(request):
        return []

    assert app.route("GET", "/x")(handler) is handler, "route(...) is a decorator: it must return the handler unchanged"


def test_path_parameters(app):
    @app.route("GET", "/users/{name}/posts/{post_id:int}")
    def post(request, name, post_id):
        return {"name": name, "post_id": post_id, "int": isinstance(post_id, int)}

    client = client_for(app)
    assert client.get("/users/ada/posts/7").json() == {"name": "ada", "post_id": 7, "int": True}
    assert client.get("/users/ada/posts/seven").status == 404
    assert client.get("/users/ada/posts/7/x").status == 404


def test_the_request(app):
    @app.route("POST", "/echo")
    def echo(request):
        return {"method": request.method, "path": request.path, "query": request.query,
                "token": request.headers.get("x-token"), "body": request.json()}

    response = client_for(app).post("/echo?page=2&tag=a&tag=b", json={"a": [1, 2]}, headers={"X-Token": "t0k"})
    assert response.json() == {"method": "POST", "path": "/echo", "query": {"page": "2", "tag": "a"}, "token": "t0k", "body": {"a": [1, 2]}}


def test_bad_json_is_400(app):
    @app.route("POST", "/echo")
    def echo(request):
        return request.json()

    response = client_for(app).post("/echo", body="{nope", headers={"Content-Type": "application/json"})
    assert (response.status, response.json()) == (400, {"error": "the body is not valid JSON"})


def test_a_tuple_sets_status_and_headers(app):
    @app.route("POST", "/things")
    def create(request):
        return 201, {"id": 1}, {"Location": "/things/1"}

    @app.route("GET", "/teapot")
    def teapot(request):
        return 418, ["short", "stout"]

    client = client_for(app)
    response = client.post("/things")
    assert (response.status, response.json(), response.headers.get("Location")) == (201, {"id": 1}, "/things/1")
    response = client.get("/teapot")
    assert (response.status, response.json()) == (418, ["short", "stout"])


def test_none_is_204_without_a_body(app):
    @app.route("DELETE", "/things/{thing_id:int}")
    def delete(request, thing_id):
        return None

    response = client_for(app).delete("/things/1")
    assert response.status == 204, f"a handler that returns None answers 204 No Content; got {response.status}"
    assert response.body == b""
    assert response.headers.get("Content-Type") is None, "a 204 has no body, so no Content-Type"


def test_http_error(app):
    @app.route("GET", "/secret")
    def secret(request):
        raise HTTPError(403, "not for you")

    response = client_for(app).get("/secret")
    assert (response.status, response.json()) == (403, {"error": "not for you"})


def test_not_found_and_method_not_allowed(app):
    @app.route("GET", "/things/{thing_id:int}")
    def show(request, thing_id):
        return {}

    @app.route("DELETE", "/things/{thing_id:int}")
    def delete(request, thing_id):
        return None

    client = client_for(app)
    response = client.get("/nothing")
    assert (response.status, response.json()) == (404, {"error": "not found"})
    response = client.put("/things/3")
    assert response.status == 405, f"PUT /things/3: routes match the path, not the method: 405; got {response.status}"
    assert response.json() == {"error": "method not allowed"}
    assert response.headers.get("Allow") == "DELETE, GET"


def test_first_matching_route_wins(app):
    @app.route("GET", "/notes/{slug}")
    def by_slug(request, slug):
        return {"slug": slug}

    @app.route("GET", "/notes/latest")
    def latest(request):
        return {"latest": True}

    assert client_for(app).get("/notes/latest").json() == {"slug": "latest"}


def test_a_crash_is_500_and_says_nothing(app):
    @app.route("GET", "/crash")
    def crash(request):
        raise RuntimeError("password=hunter2 in /etc/app.conf")

    response = client_for(app).get("/crash")
    assert response.status == 500
    assert "hunter2" not in response.text and "RuntimeError" not in response.text, (
        "a crash answers 500 {'error': 'internal error'}: never show the exception, its text may hold secrets"
    )
    assert response.json() == {"error": "internal error"}
