import pytest

from shortlinks import make_app

DOCS = {"code": "docs", "url": "https://docs.python.org/3/"}


@pytest.fixture
def app():
    return make_app()


@pytest.fixture
def with_docs(app):
    assert app.handle("POST", "/links", DOCS)[0] == 201
    return app


def test_create_is_201_with_location(app):
    status, headers, data = app.handle("POST", "/links", DOCS)
    assert status == 201
    assert headers.get("Location") == "/links/docs"
    assert data == {"code": "docs", "url": "https://docs.python.org/3/", "visits": 0}


@pytest.mark.parametrize("code", ["abc", "a-1", "x" * 20])
def test_valid_codes(app, code):
    assert app.handle("POST", "/links", {"code": code, "url": "http://x.org"})[0] == 201


@pytest.mark.parametrize("code", ["ab", "x" * 21, "Docs", "a b", "", 12])
def test_invalid_codes_are_422(app, code):
    status, _, data = app.handle("POST", "/links", {"code": code, "url": "http://x.org"})
    assert status == 422
    assert data == {"error": "validation failed", "fields": {"code": "3 to 20 of a-z, 0-9 and -"}}


@pytest.mark.parametrize("url", ["ftp://x.org", "javascript:alert(1)", "https://", "docs.python.org", None])
def test_invalid_urls_are_422(app, url):
    status, _, data = app.handle("POST", "/links", {"code": "abc", "url": url})
    assert status == 422
    assert data["fields"] == {"url": "must be an http:// or https:// address"}


def test_both_fields_wrong(app):
    assert app.handle("POST", "/links", {})[2]["fields"] == {
        "code": "3 to 20 of a-z, 0-9 and -",
        "url": "must be an http:// or https:// address",
    }


def test_bad_json_is_400(app):
    status, _, data = app.handle("POST", "/links", "{code: docs}")
    assert (status, data) == (400, {"error": "the body is not valid JSON"})


def test_taken_code_is_409_and_keeps_the_first(with_docs):
    status, _, data = with_docs.handle("POST", "/links", {"code": "docs", "url": "https://evil.example"})
    assert (status, data) == (409, {"error": "the code 'docs' is taken"})
    assert with_docs.handle("GET", "/docs")[1].get("Location") == "https://docs.python.org/3/"


def test_short_link_redirects(with_docs):
    status, headers, data = with_docs.handle("GET", "/docs")
    assert status == 302
    assert headers.get("Location") == "https://docs.python.org/3/"
    assert data is None


def test_visits_count_redirects_only(with_docs):
    with_docs.handle("GET", "/docs")
    with_docs.handle("GET", "/docs")
    with_docs.handle("GET", "/links/docs")
    assert with_docs.handle("GET", "/links/docs")[2] == {**DOCS, "visits": 2}


def test_delete_is_204_and_the_link_is_gone(with_docs):
    status, _, data = with_docs.handle("DELETE", "/links/docs")
    assert (status, data) == (204, None)
    assert with_docs.handle("GET", "/links/docs")[0] == 404
    assert with_docs.handle("GET", "/docs")[0] == 404
    assert with_docs.handle("POST", "/links", DOCS)[0] == 201


def test_unknown_links_are_404(app):
    for method, path in [("GET", "/nope"), ("GET", "/links/nope"), ("DELETE", "/links/nope")]:
        status, _, data = app.handle(method, path)
        assert (status, data) == (404, {"error": "no link 'nope'"})


@pytest.mark.parametrize(
    "method, path, allow",
    [("GET", "/links", "POST"), ("PUT", "/links/docs", "DELETE, GET"), ("POST", "/docs", "GET")],
)
def test_wrong_method_is_405_with_allow(with_docs, method, path, allow):
    status, headers, _ = with_docs.handle(method, path)
    assert status == 405
    assert headers.get("Allow") == allow
