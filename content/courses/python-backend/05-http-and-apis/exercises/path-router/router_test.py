import pytest

from router import MethodNotAllowed, NotFound, Router


@pytest.fixture
def router():
    router = Router()
    router.add("GET", "/notes", "list_notes")
    router.add("POST", "/notes", "create_note")
    router.add("GET", "/notes/{note_id:int}", "show_note")
    router.add("DELETE", "/notes/{note_id:int}", "delete_note")
    router.add("GET", "/users/{name}/notes/{note_id:int}", "user_note")
    router.add("GET", "/files/{name}", "file")
    return router


def test_static_routes(router):
    assert router.resolve("GET", "/notes") == ("list_notes", {})
    assert router.resolve("POST", "/notes") == ("create_note", {})


def test_int_parameter_is_an_int(router):
    assert router.resolve("GET", "/notes/42") == ("show_note", {"note_id": 42}), (
        "{note_id:int} must give an int: handlers should not have to convert '42' themselves"
    )


def test_several_parameters(router):
    assert router.resolve("GET", "/users/ada/notes/7") == ("user_note", {"name": "ada", "note_id": 7})


def test_str_parameter(router):
    assert router.resolve("GET", "/files/report.pdf") == ("file", {"name": "report.pdf"})


@pytest.mark.parametrize(
    "path",
    ["/notes/abc", "/notes/-1", "/notes/4.5"],
)
def test_int_parameter_matches_only_digits(router, path):
    with pytest.raises(NotFound):
        router.resolve("GET", path)
        pytest.fail(f"GET {path}: {{note_id:int}} matches only digits, so no route matches and it is NotFound")


@pytest.mark.parametrize(
    "path",
    ["/notes/42/extra", "/notes/", "/files/", "/users/ada/notes", "/notesx", "/", "/files/a/b"],
)
def test_the_whole_path_must_match(router, path):
    with pytest.raises(NotFound):
        router.resolve("GET", path)
        pytest.fail(f"GET {path} should be NotFound: the whole path must match a pattern, not just its start")


def test_wrong_method_is_method_not_allowed(router):
    try:
        router.resolve("PUT", "/notes/42")
    except MethodNotAllowed as error:
        allowed = error.allowed
    except NotFound:
        pytest.fail("PUT /notes/42 raised NotFound: the path exists (GET, DELETE), so it is MethodNotAllowed, which becomes a 405, not a 404")
    else:
        pytest.fail("PUT /notes/42 should raise MethodNotAllowed: no route has PUT")
    assert allowed == ["DELETE", "GET"], "allowed is the sorted list of the methods that match the path"


def test_first_route_added_wins():
    router = Router()
    router.add("GET", "/notes/{slug}", "by_slug")
    router.add("GET", "/notes/latest", "latest")
    assert router.resolve("GET", "/notes/latest") == ("by_slug", {"slug": "latest"})
    other = Router()
    other.add("GET", "/notes/latest", "latest")
    other.add("GET", "/notes/{slug}", "by_slug")
    assert other.resolve("GET", "/notes/latest") == ("latest", {})
    assert other.resolve("GET", "/notes/first") == ("by_slug", {"slug": "first"})


def test_app_answers_json(client):
    response = client.get("/notes/3")
    assert (response.status, response.json()) == (200, {"id": 3})
    assert client.get("/users/ada/notes").json() == {"owner": "ada", "notes": []}
    assert client.delete("/notes/3").json() == {"deleted": 3}


def test_app_not_found(client):
    response = client.get("/notes/three")
    assert response.status == 404, f"GET /notes/three matches no route: 404; got {response.status}"
    assert response.json() == {"error": "not found"}


def test_app_method_not_allowed(client):
    response = client.post("/notes/3")
    assert response.status == 405, f"POST /notes/3: the path exists but not for POST: 405; got {response.status}"
    assert response.headers.get("Allow") == "DELETE, GET", "a 405 lists the allowed methods in its Allow header"
    assert response.json() == {"error": "method not allowed"}
