import pytest

from library_data import BOOKS

POETRY = [book for book in BOOKS if book["genre"] == "poetry"]


def test_first_page_by_default(client):
    response = client.get("/books")
    assert response.status == 200
    page = response.json()
    assert page["items"] == BOOKS[:10], "without parameters: the first 10 books in id order"
    assert (page["total"], page["limit"], page["offset"], page["next"]) == (47, 10, 0, "/books?limit=10&offset=10")


def test_a_middle_page(client):
    page = client.get("/books?limit=7&offset=14").json()
    assert [book["id"] for book in page["items"]] == list(range(15, 22))
    assert page["next"] == "/books?limit=7&offset=21"


def test_following_next_visits_every_book_once(client):
    seen, path, pages = [], "/books?limit=10", 0
    while path is not None:
        page = client.get(path).json()
        seen += [book["id"] for book in page["items"]]
        path, pages = page["next"], pages + 1
        assert pages <= 5, "following next never ends: the last page must have next null"
    assert seen == list(range(1, 48)), "following next from the first page must give every book once, in order"
    assert pages == 5


@pytest.mark.parametrize("limit, offset", [(10, 40), (5, 42), (47, 0)])
def test_the_last_page_has_no_next(client, limit, offset):
    page = client.get(f"/books?limit={limit}&offset={offset}").json()
    assert page["items"] == BOOKS[offset : offset + limit]
    assert page["next"] is None, f"limit={limit}, offset={offset} reaches book 47, the last one: the last page has no next link (next is null)"


def test_filter_by_genre(client):
    page = client.get("/books?genre=poetry&limit=5&offset=5").json()
    assert page["items"] == POETRY[5:10]
    assert page["total"] == 12, "total counts the books that match the filters (12 poetry books), not the whole library"
    assert page["next"] == "/books?genre=poetry&limit=5&offset=10", "next must keep the filters, or page 2 is a page of every book"


def test_filtered_last_page(client):
    page = client.get("/books?genre=poetry&limit=5&offset=10").json()
    assert (page["items"], page["total"], page["next"]) == (POETRY[10:], 12, None)


def test_search_in_titles_ignores_case(client):
    page = client.get("/books?q=WINTER&limit=50").json()
    expected = [book for book in BOOKS if "winter" in book["title"].lower()]
    assert page["items"] == expected
    assert page["total"] == len(expected) == 9, "total counts the books that match the filters"


def test_filters_combine_and_next_keeps_both(client):
    page = client.get("/books?q=garden&genre=history&limit=1").json()
    expected = [b for b in BOOKS if b["genre"] == "history" and "garden" in b["title"].lower()]
    assert page["items"] == expected[:1]
    assert page["total"] == len(expected)
    assert page["next"] == "/books?genre=history&q=garden&limit=1&offset=1", "next must keep the filters (genre, then q, then limit and offset)"


def test_search_with_a_space_is_encoded_in_next(client):
    page = client.get("/books?q=the%20winter&limit=2").json()
    assert page["next"] == "/books?q=the+winter&limit=2&offset=2"


def test_offset_past_the_end_is_an_empty_page(client):
    page = client.get("/books?offset=47").json()
    assert (page["items"], page["total"], page["next"]) == ([], 47, None)
    assert client.get("/books?genre=sagas").json() == {"items": [], "total": 0, "limit": 10, "offset": 0, "next": None}


@pytest.mark.parametrize("query", ["limit=0", "limit=51", "limit=1000", "limit=ten", "limit=-5", "limit="])
def test_bad_limit_is_400(client, query):
    response = client.get(f"/books?{query}")
    assert response.status == 400, f"GET /books?{query}: limit must be from 1 to 50, at most 50 so one request cannot ask for the whole table; got {response.status}"
    assert response.json() == {"error": "limit must be a whole number from 1 to 50"}


@pytest.mark.parametrize("query", ["offset=-1", "offset=two", "offset=1.5"])
def test_bad_offset_is_400(client, query):
    response = client.get(f"/books?{query}")
    assert (response.status, response.json()) == (400, {"error": "offset must be a whole number from 0"})


def test_unknown_parameter_is_400(client):
    response = client.get("/books?limt=5")
    assert response.status == 400, f"?limt=5 is a typo the client should hear about, not a silent default page; got {response.status}"
    assert response.json() == {"error": "unknown parameter: limt"}


def test_other_paths_are_404(client):
    assert client.get("/books/1").status == 404
