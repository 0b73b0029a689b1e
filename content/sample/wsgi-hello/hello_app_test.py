import pytest


def test_root_says_hello(client):
    response = client.get("/")
    assert response.status == 200
    assert response.text == "Hello, World!"


def test_plain_text_utf8(client):
    response = client.get("/")
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"


@pytest.mark.parametrize(
    "target, text",
    [
        ("/hello?name=Ada", "Hello, Ada!"),
        ("/hello?name=Gr%C3%A4ce", "Hello, Gräce!"),
        ("/hello", "Hello, World!"),
    ],
    ids=["name", "percent-encoded name", "no name"],
)
def test_hello_with_a_name(client, target, text):
    response = client.get(target)
    assert response.status == 200
    assert response.text == text


@pytest.mark.parametrize("path", ["/nope", "/hello/Ada", "/hello/"])
def test_unknown_path_is_404(client, path):
    response = client.get(path)
    assert response.status == 404
    assert response.text == f"Not Found: {path}"


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE"])
def test_wrong_method_is_405_with_allow(client, method):
    response = client.request(method, "/hello?name=Ada")
    assert response.status == 405
    assert response.headers["Allow"] == "GET"


def test_unknown_path_wins_over_wrong_method(client):
    assert client.post("/nope").status == 404
