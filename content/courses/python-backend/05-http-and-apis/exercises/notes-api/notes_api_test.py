import pytest
from pydojo_harness.http_client import client_for

import notes_api
from notes_api import Conflict, NoteRepository, NoteService, NotFound, ValidationError

TAGS_PROBLEM = "must be a list of up to 5 different tags of a-z, 0-9 and -"


@pytest.fixture
def client():
    """A new app over a new, empty service for each test."""
    return client_for(notes_api.make_app())


def create(client, title="Groceries", **fields):
    response = client.post("/notes", json={"title": title, **fields})
    assert response.status == 201, f"POST /notes with a valid note must answer 201; got {response.status}"
    return response.json()


# --- the repository ------------------------------------------------------------------------


def test_repository_assigns_ids_and_scans():
    repo = NoteRepository()
    first = repo.add({"title": "a", "body": "", "tags": ["x"], "version": 1})
    second = repo.add({"title": "b", "body": "", "tags": [], "version": 1})
    assert (first["id"], second["id"]) == (1, 2)
    assert repo.get(2)["title"] == "b"
    assert repo.get(3) is None
    assert [n["id"] for n in repo.scan(0, None, 10)] == [1, 2]
    assert [n["id"] for n in repo.scan(1, None, 10)] == [2]
    assert [n["id"] for n in repo.scan(0, "x", 10)] == [1]
    assert [n["id"] for n in repo.scan(0, None, 1)] == [1]
    repo.remove(1)
    assert repo.add({"title": "c", "body": "", "tags": [], "version": 1})["id"] == 3, "ids are never reused, even after a delete"


def test_repository_hands_out_copies():
    repo = NoteRepository()
    note = repo.add({"title": "a", "body": "", "tags": ["x"], "version": 1})
    note["title"] = "changed"
    note["tags"].append("y")
    got = repo.get(1)
    got["tags"].append("z")
    assert repo.get(1) == {"id": 1, "title": "a", "body": "", "tags": ["x"], "version": 1}, (
        "the repository returns a copy: changing a note it handed out (even its tags list) must not change what is stored"
    )


# --- the service, without HTTP ---------------------------------------------------------------


def test_service_create_get_update_delete():
    service = NoteService(NoteRepository())
    note = service.create({"title": "  Groceries ", "tags": ["home"]})
    assert note == {"id": 1, "title": "Groceries", "body": "", "tags": ["home"], "version": 1}
    assert service.get(1) == note
    changed = service.update(1, {"version": 1, "body": "milk"})
    assert changed == {**note, "body": "milk", "version": 2}
    service.delete(1)
    with pytest.raises(NotFound):
        service.get(1)


def test_service_raises_validation_error_with_fields():
    service = NoteService(NoteRepository())
    with pytest.raises(ValidationError) as caught:
        service.create({"body": 5, "tags": "home", "owner": "ada"})
    assert caught.value.fields == {"title": "required", "body": "must be a string", "tags": TAGS_PROBLEM, "owner": "unknown field"}


def test_service_raises_conflict_for_an_old_version():
    service = NoteService(NoteRepository())
    service.create({"title": "a"})
    service.update(1, {"version": 1, "title": "b"})
    with pytest.raises(Conflict):
        service.update(1, {"version": 1, "title": "c"})
        pytest.fail("an update naming version 1 of a note at version 2 must raise Conflict")
    assert service.get(1)["title"] == "b"


class RecordingRepository:
    """A repository of the test's own: the service must use only these methods."""

    def __init__(self):
        self.notes, self.calls = {}, []

    def add(self, note):
        self.calls.append("add")
        note = {**note, "id": 100 + len(self.notes)}
        self.notes[note["id"]] = note
        return dict(note)

    def get(self, note_id):
        self.calls.append("get")
        return dict(self.notes[note_id]) if note_id in self.notes else None

    def replace(self, note):
        self.calls.append("replace")
        self.notes[note["id"]] = dict(note)

    def remove(self, note_id):
        self.calls.append("remove")
        del self.notes[note_id]

    def scan(self, after_id, tag, limit):
        self.calls.append("scan")
        found = [dict(n) for i, n in sorted(self.notes.items()) if i > after_id and (tag is None or tag in n["tags"])]
        return found[:limit]


def test_the_layers_are_separate():
    repo = RecordingRepository()
    client = client_for(notes_api.make_app(NoteService(repo)))
    response = client.post("/notes", json={"title": "Layered"})
    assert response.headers.get("Location") == "/notes/100", (
        "make_app(service) must use the service it is given, and the service the repository it is given (ids come from the repository)"
    )
    assert client.get("/notes/100").json()["title"] == "Layered"
    assert client.get("/notes").json()["items"][0]["id"] == 100
    assert client.patch("/notes/100", json={"version": 1, "body": "x"}).status == 200
    assert repo.notes[100]["body"] == "x", "the service must store a changed note with repository.replace"
    assert client.delete("/notes/100").status == 204
    assert repo.notes == {}


class BrokenRepository(RecordingRepository):
    def get(self, note_id):
        raise RuntimeError("disk full writing /var/lib/notes/db.sqlite (user=notes password=s3cr3t)")

    scan = add = get


def test_a_broken_repository_is_a_500_that_says_nothing():
    client = client_for(notes_api.make_app(NoteService(BrokenRepository())))
    for response in (client.get("/notes/1"), client.get("/notes"), client.post("/notes", json={"title": "x"})):
        assert response.status == 500, f"an unexpected error must answer 500; got {response.status}"
        assert "s3cr3t" not in response.text and "RuntimeError" not in response.text, (
            "a 500 must never show the exception: its text may hold paths and passwords"
        )
        assert response.json() == {"error": "internal error"}


# --- the HTTP API ------------------------------------------------------------------------------


def test_create_is_201_with_location(client):
    response = client.post("/notes", json={"title": " Groceries ", "body": "milk", "tags": ["home", "shop"]})
    assert response.status == 201
    assert response.headers.get("Location") == "/notes/1"
    assert response.headers.get("Content-Type") == "application/json"
    note = {"id": 1, "title": "Groceries", "body": "milk", "tags": ["home", "shop"], "version": 1}
    assert response.json() == note
    assert client.get("/notes/1").json() == note


@pytest.mark.parametrize(
    "body, fields",
    [
        ({}, {"title": "required"}),
        ({"title": "   "}, {"title": "required"}),
        ({"title": 42}, {"title": "required"}),
        ({"title": "x" * 101}, {"title": "at most 100 characters"}),
        ({"title": "ok", "body": ["milk"]}, {"body": "must be a string"}),
        ({"title": "ok", "body": "x" * 10_001}, {"body": "at most 10000 characters"}),
        ({"title": "ok", "tags": "home"}, {"tags": TAGS_PROBLEM}),
        ({"title": "ok", "tags": ["Home"]}, {"tags": TAGS_PROBLEM}),
        ({"title": "ok", "tags": ["a", "a"]}, {"tags": TAGS_PROBLEM}),
        ({"title": "ok", "tags": list("abcdef")}, {"tags": TAGS_PROBLEM}),
        ({"title": "ok", "tags": [""]}, {"tags": TAGS_PROBLEM}),
        ({"title": "ok", "version": 3}, {"version": "unknown field"}),
        ({"title": "ok", "id": 3}, {"id": "unknown field"}),
        ({"body": 1, "color": "red"}, {"title": "required", "body": "must be a string", "color": "unknown field"}),
    ],
)
def test_invalid_note_is_422_naming_the_fields(client, body, fields):
    response = client.post("/notes", json=body)
    assert response.status == 422, f"POST /notes with {str(body)[:60]} must answer 422 with a body naming {sorted(fields)}; got {response.status}"
    assert response.json() == {"error": "validation failed", "fields": fields}
    assert client.get("/notes").json()["items"] == [], "a refused note must not be stored"


def test_edge_lengths_are_fine(client):
    note = create(client, "x" * 100, body="y" * 10_000, tags=["a" * 20, "b", "c", "d", "e"])
    assert note["id"] == 1


def test_bad_bodies(client):
    response = client.post("/notes", body="{title:", headers={"Content-Type": "application/json"})
    assert (response.status, response.json()) == (400, {"error": "the body is not valid JSON"})
    response = client.post("/notes", json=["Groceries"])
    assert (response.status, response.json()) == (422, {"error": "the body must be a JSON object"})


def test_patch_changes_named_fields_and_the_version(client):
    create(client, body="milk", tags=["home"])
    response = client.patch("/notes/1", json={"version": 1, "title": " Shopping "})
    assert response.status == 200
    assert response.json() == {"id": 1, "title": "Shopping", "body": "milk", "tags": ["home"], "version": 2}
    response = client.patch("/notes/1", json={"version": 2, "tags": []})
    assert response.json() == {"id": 1, "title": "Shopping", "body": "milk", "tags": [], "version": 3}


def test_patch_with_an_old_version_is_409(client):
    create(client)
    client.patch("/notes/1", json={"version": 1, "title": "Mine"})
    response = client.patch("/notes/1", json={"version": 1, "body": "eggs"})
    assert response.status == 409, (
        f"a PATCH with an old version must answer 409: someone changed the note since, and their change would be lost; got {response.status}"
    )
    assert response.json() == {"error": "the note changed since version 1; it is at version 2"}
    assert client.get("/notes/1").json()["body"] == "", "a refused PATCH changes nothing"


@pytest.mark.parametrize(
    "body, fields",
    [
        ({"title": "x"}, {"version": "required"}),
        ({"version": "1", "title": "x"}, {"version": "required"}),
        ({"version": 1, "title": ""}, {"title": "required"}),
        ({"version": 1, "tags": ["A"]}, {"tags": TAGS_PROBLEM}),
        ({"version": 1, "id": 9}, {"id": "unknown field"}),
    ],
)
def test_invalid_patch_is_422(client, body, fields):
    create(client)
    response = client.patch("/notes/1", json=body)
    assert (response.status, response.json()) == (422, {"error": "validation failed", "fields": fields}), f"PATCH /notes/1 {body}"
    assert client.get("/notes/1").json()["version"] == 1


def test_delete(client):
    create(client)
    response = client.delete("/notes/1")
    assert (response.status, response.body) == (204, b"")
    assert client.get("/notes/1").status == 404
    assert create(client)["id"] == 2, "ids are never reused, even after a delete"


@pytest.mark.parametrize("method, path", [("GET", "/notes/7"), ("PATCH", "/notes/7"), ("DELETE", "/notes/7"), ("GET", "/notes/seven")])
def test_missing_note_is_404(client, method, path):
    response = client.request(method, path, json={"version": 1})
    assert response.status == 404
    assert response.json() == {"error": f"no note {path.rsplit('/', 1)[1]}"}


def test_other_paths_and_methods(client):
    assert (client.get("/").status, client.get("/notes/1/x").json()) == (404, {"error": "not found"})
    response = client.put("/notes")
    assert (response.status, response.headers.get("Allow")) == (405, "GET, POST")
    response = client.put("/notes/1", json={})
    assert (response.status, response.headers.get("Allow")) == (405, "DELETE, GET, PATCH")


def test_list_pages_with_cursors(client):
    for n in range(1, 8):
        create(client, f"note {n}")
    page = client.get("/notes?limit=3").json()
    seen = [note["id"] for note in page["items"]]
    while page["next_cursor"] is not None and len(seen) < 20:
        page = client.get(f"/notes?limit=3&cursor={page['next_cursor']}").json()
        seen += [note["id"] for note in page["items"]]
    assert seen == [1, 2, 3, 4, 5, 6, 7], "following next_cursor must give every note once, by id, and stop (next_cursor null) after the last"


def test_the_last_page_has_no_cursor(client):
    for n in range(4):
        create(client, f"note {n}")
    first = client.get("/notes?limit=2").json()
    last = client.get(f"/notes?limit=2&cursor={first['next_cursor']}").json()
    assert [n["id"] for n in last["items"]] == [3, 4]
    assert last["next_cursor"] is None, "the last page has next_cursor null: a cursor to an empty page wastes a request"


def test_cursors_survive_deletes_and_new_notes(client):
    for n in range(1, 6):
        create(client, f"note {n}")
    first = client.get("/notes?limit=2").json()
    client.delete("/notes/3")
    create(client, "note 6")
    second = client.get(f"/notes?limit=2&cursor={first['next_cursor']}").json()
    assert [n["id"] for n in second["items"]] == [4, 5], "the cursor continues after the last note shown, whatever changed since"


def test_list_filters_by_tag(client):
    create(client, "a", tags=["work"])
    create(client, "b", tags=["home"])
    create(client, "c", tags=["home", "work"])
    page = client.get("/notes?tag=work&limit=1").json()
    assert [n["title"] for n in page["items"]] == ["a"]
    page = client.get(f"/notes?tag=work&limit=1&cursor={page['next_cursor']}").json()
    assert ([n["title"] for n in page["items"]], page["next_cursor"]) == (["c"], None)
    assert client.get("/notes").json() == {"items": [client.get(f"/notes/{i}").json() for i in (1, 2, 3)], "next_cursor": None}


@pytest.mark.parametrize("query, error", [
    ("limit=0", "limit must be a whole number from 1 to 50"),
    ("limit=51", "limit must be a whole number from 1 to 50"),
    ("limit=x", "limit must be a whole number from 1 to 50"),
    ("cursor=abc", "invalid cursor"),
    ("cursor=", "invalid cursor"),
])
def test_bad_list_queries_are_400(client, query, error):
    response = client.get(f"/notes?{query}")
    assert (response.status, response.json()) == (400, {"error": error})
