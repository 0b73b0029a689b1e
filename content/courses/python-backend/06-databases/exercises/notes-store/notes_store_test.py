import pytest
from pydojo_harness.http_client import client_for

import notes_store


@pytest.fixture
def client(db):
    """A new app over the test's empty database."""
    return client_for(notes_store.make_app(db.connection))


def create(client, title="Groceries", body="milk, eggs", tags=()):
    response = client.post("/notes", json={"title": title, "body": body, "tags": list(tags)})
    assert response.status == 201, f"POST /notes answered {response.status}: {response.text[:200]}"
    return response.json()


def test_create_answers_201_with_the_note(client):
    response = client.post("/notes", json={"title": "Groceries", "body": "milk, eggs", "tags": ["Home", "shop"]})
    assert response.status == 201
    assert response.headers["Location"] == "/notes/1"
    assert response.json() == {"id": 1, "title": "Groceries", "body": "milk, eggs", "tags": ["home", "shop"]}


def test_a_note_is_stored_in_the_database(client, db):
    create(client, tags=["home"])
    assert db.query("SELECT id, title, body FROM notes") == [(1, "Groceries", "milk, eggs")], (
        "the note must be stored in the notes table, not in a Python dict"
    )
    assert db.query("SELECT note_id, tag FROM note_tags") == [(1, "home")]


def test_notes_outlive_the_app(client, db):
    create(client, title="Keep me")
    another = client_for(notes_store.make_app(db.connection))
    response = another.get("/notes/1")
    assert response.status == 200, (
        "a second app over the same database can't find note 1: the notes live in the database, so a restarted "
        "app (a new make_app) sees them"
    )
    assert response.json()["title"] == "Keep me"


def test_get_a_note(client):
    create(client, title="Groceries", tags=["shop", "home", "shop"])
    assert client.get("/notes/1").json() == {"id": 1, "title": "Groceries", "body": "milk, eggs", "tags": ["home", "shop"]}


@pytest.mark.parametrize("path", ["/notes/7", "/notes/abc", "/notes/1/extra", "/other"])
def test_not_found(client, path):
    create(client)
    assert client.get(path).status == 404


@pytest.mark.parametrize(
    "payload, error",
    [
        ({"body": "no title"}, "title"),
        ({"title": "   "}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"title": 42}, "title"),
        ({"title": "ok", "body": ["not", "text"]}, "body"),
        ({"title": "ok", "tags": "home"}, "tags"),
        ({"title": "ok", "tags": ["home", ""]}, "tags"),
    ],
    ids=["no title", "blank title", "title too long", "title not text", "body not text", "tags not a list", "empty tag"],
)
def test_invalid_notes_are_400(client, db, payload, error):
    response = client.post("/notes", json=payload)
    assert response.status == 400, f"{payload!r} breaks a rule about {error}: answer 400, not {response.status}"
    assert error in response.json()["error"], "the error message names the field that is wrong"
    assert db.query("SELECT count(*) FROM notes") == [(0,)], "an invalid note must not be stored"


def test_a_body_that_is_not_json(client):
    response = client.post("/notes", body="{title: oops", headers={"Content-Type": "application/json"})
    assert response.status == 400


def test_list_newest_first_in_pages(client):
    for i in range(1, 6):
        create(client, title=f"Note {i}")
    first = client.get("/notes?limit=2").json()
    assert [n["id"] for n in first["notes"]] == [5, 4]
    assert first["next"] == 4, "the cursor is the id of the page's last note"
    second = client.get("/notes", params={"limit": 2, "after": first["next"]}).json()
    assert [n["id"] for n in second["notes"]] == [3, 2]
    last = client.get("/notes", params={"limit": 2, "after": second["next"]}).json()
    assert last == {"notes": [last["notes"][0]], "next": None}
    assert last["notes"][0]["id"] == 1


def test_a_page_ends_exactly(client):
    for i in range(4):
        create(client, title=f"Note {i}")
    page = client.get("/notes?limit=4").json()
    assert page["next"] is None, "all 4 notes fit on the page: there is no next page (ask for limit + 1 rows)"


def test_new_notes_do_not_shift_the_pages(client):
    for i in range(1, 6):
        create(client, title=f"Note {i}")
    first = client.get("/notes?limit=2").json()
    create(client, title="Arrived while reading")
    second = client.get("/notes", params={"limit": 2, "after": first["next"]}).json()
    assert [n["id"] for n in second["notes"]] == [3, 2], (
        "a note created between two pages must not push notes already shown onto the next page: "
        "page with the cursor (WHERE id < ?), not with an OFFSET"
    )


def test_filter_by_tag(client):
    create(client, title="A", tags=["work"])
    create(client, title="B", tags=["home"])
    create(client, title="C", tags=["work", "urgent"])
    page = client.get("/notes?tag=work").json()
    assert [(n["title"], n["tags"]) for n in page["notes"]] == [("C", ["urgent", "work"]), ("A", ["work"])]


def test_a_tag_is_data_not_sql(client):
    create(client, title="A", tags=["work"])
    for attack in ["x' OR '1'='1", "work'; DELETE FROM notes; --"]:
        response = client.get("/notes", params={"tag": attack})
        assert response.status == 200
        assert response.json()["notes"] == [], f"tag={attack!r} matched notes: the tag changed the SQL statement"
    assert client.get("/notes/1").status == 200


@pytest.mark.parametrize("query", ["limit=0", "limit=101", "limit=ten", "after=-3"])
def test_bad_paging_parameters_are_400(client, query):
    assert client.get("/notes?" + query).status == 400


def test_listing_runs_a_fixed_number_of_queries(client, db):
    for i in range(25):
        create(client, title=f"Note {i}", tags=[f"t{i}", "all"])
    db.queries.clear()
    page = client.get("/notes?limit=20").json()
    assert len(page["notes"]) == 20 and page["notes"][0]["tags"] == ["all", "t24"]
    db.queries.assert_at_most(
        3, "SELECT", what="a page of 20 notes",
        hint="one query per note for its tags (the N+1 pattern): fetch the tags of the whole page at once",
    )


def test_patch_changes_only_what_is_given(client):
    create(client, title="Groceries", body="milk", tags=["home"])
    response = client.patch("/notes/1", json={"body": "milk, bread"})
    assert response.status == 200
    assert response.json() == {"id": 1, "title": "Groceries", "body": "milk, bread", "tags": ["home"]}
    assert client.patch("/notes/1", json={"title": "Shopping"}).json()["title"] == "Shopping"
    assert client.get("/notes/1").json()["body"] == "milk, bread"


def test_patch_validates_and_finds(client):
    create(client, title="Groceries")
    assert client.patch("/notes/1", json={"title": ""}).status == 400
    assert client.get("/notes/1").json()["title"] == "Groceries", "a rejected PATCH changes nothing"
    assert client.patch("/notes/9", json={"title": "Nope"}).status == 404


def test_delete(client, db):
    create(client, tags=["home", "shop"])
    response = client.delete("/notes/1")
    assert response.status == 204, f"a successful DELETE answers 204 No Content, not {response.status}"
    assert client.get("/notes/1").status == 404
    assert db.query("SELECT count(*) FROM note_tags") == [(0,)], "the note's tags must go with it"
    assert client.delete("/notes/1").status == 404


def test_wrong_method_is_405_with_allow(client):
    response = client.put("/notes", json={})
    assert response.status == 405
    assert "POST" in response.headers["Allow"]
