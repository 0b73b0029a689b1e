import pytest

TEXT = "text/plain; charset=utf-8"


def test_hello_world(client):
    response = client.get("/hello")
    assert response.status == 200, f"GET /hello should answer 200; got {response.status}"
    assert response.headers.get("Content-Type") == TEXT
    assert response.text == "Hello, world!"


@pytest.mark.parametrize(
    "query, text",
    [("name=Ada", "Hello, Ada!"), ("name=Grace%20Hopper", "Hello, Grace Hopper!"), ("name=Zo%C3%AB", "Hello, Zoë!"), ("name=+", "Hello, world!")],
    ids=["ada", "space", "non-ascii", "blank"],
)
def test_hello_with_a_name(client, query, text):
    response = client.get(f"/hello?{query}")
    assert response.text == text, "decode the query string (urllib.parse.parse_qs): 'Zo%C3%AB' is 'Zoë'; a blank name means 'world'"


def test_every_answer_has_a_content_length_in_bytes(client):
    for path in ["/hello?name=Zo%C3%AB", "/nowhere", "/echo"]:
        response = client.get(path)
        assert response.headers.get("Content-Length") == str(len(response.body)), (
            f"GET {path}: Content-Length must be the number of bytes of the body ({len(response.body)}); "
            "without it a client cannot tell where the body ends"
        )


def test_echo_returns_the_body_and_its_type(client):
    body = '{"note": "crème"}'.encode("utf-8")
    response = client.post("/echo", body=body, headers={"Content-Type": "application/json"})
    assert response.status == 200
    assert response.body == body
    assert response.headers.get("Content-Type") == "application/json", "POST /echo answers with the request's Content-Type"


def test_echo_without_a_content_type(client):
    response = client.post("/echo", body=b"\x00\x01raw")
    assert response.body == b"\x00\x01raw"
    assert response.headers.get("Content-Type") == "application/octet-stream"


def test_echo_with_an_empty_body(client):
    response = client.post("/echo", body=b"")
    assert (response.status, response.body) == (200, b"")


@pytest.mark.parametrize("method, path, allow", [("GET", "/echo", "POST"), ("PUT", "/hello", "GET"), ("DELETE", "/hello", "GET")])
def test_wrong_method_is_405_with_allow(client, method, path, allow):
    response = client.request(method, path)
    assert response.status == 405, f"{method} {path}: the path exists but not for {method}, so 405 (not 404, not 200); got {response.status}"
    assert response.headers.get("Allow") == allow, f"a 405 must say which method would work in its Allow header: {allow!r}"


@pytest.mark.parametrize("path", ["/", "/hello/ada", "/greet"])
def test_unknown_path_is_404(client, path):
    response = client.get(path)
    assert response.status == 404, f"GET {path} is not a page of this app: 404; got {response.status}"
    assert response.text == f"no page at {path}"
