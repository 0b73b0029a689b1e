import pytest

from feed_pages import feed_page

DB_SCHEMA = """
CREATE TABLE posts (id INTEGER PRIMARY KEY, created_at TEXT NOT NULL, title TEXT NOT NULL);
CREATE INDEX posts_time ON posts (created_at, id);
INSERT INTO posts (id, created_at, title) VALUES
    (1, '2026-12-01T08:00', 'Sun'), (2, '2026-12-02T12:30', 'Clouds'), (3, '2026-12-03T18:00', 'Hail'),
    (4, '2026-12-03T18:00', 'Wind'), (5, '2026-12-04T09:15', 'Fog'), (6, '2026-12-04T10:00', 'Rain'),
    (7, '2026-12-04T10:00', 'Snow');
"""
ALL = [7, 6, 5, 4, 3, 2, 1]


def walk(db, size, between=None):
    """Follows the cursors from the first page to the end: the ids of each page."""
    pages, after = [], None
    for _ in range(50):
        page = feed_page(db.connection, size) if after is None else feed_page(db.connection, size, after=after)
        pages.append([item[0] for item in page["items"]])
        after = page["next"]
        if after is None:
            return pages
        if between:
            between()
    pytest.fail(f"50 pages of {size} and still a next cursor: 'next' must be None after the last post")


def test_the_first_page(db):
    assert feed_page(db.connection, 2) == {
        "items": [(7, "2026-12-04T10:00", "Snow"), (6, "2026-12-04T10:00", "Rain")],
        "next": ("2026-12-04T10:00", 6),
    }


def test_the_second_page(db):
    page = feed_page(db.connection, 2, after=("2026-12-04T10:00", 6))
    assert [item[0] for item in page["items"]] == [5, 4]


@pytest.mark.parametrize("size", [1, 2, 3, 7, 10])
def test_every_post_exactly_once(db, size):
    pages = walk(db, size)
    seen = [post for page in pages for post in page]
    assert seen == ALL, (
        f"pages of {size} showed {pages}; every post once, newest first, is {ALL}. Posts with the same "
        "created_at (3 and 4, 6 and 7) must not be skipped: start after (created_at, id), not after created_at"
    )


def test_no_empty_last_page(db):
    pages = walk(db, 7)
    assert pages == [ALL], (
        f"7 posts in pages of 7 gave {pages}: the first page is also the last, so its 'next' is None. "
        "Ask for size + 1 rows to know whether another page exists"
    )


def test_an_empty_feed(db):
    db.script("DELETE FROM posts")
    assert feed_page(db.connection, 5) == {"items": [], "next": None}


def test_new_posts_while_reading_do_not_repeat_items(db):
    fresh = iter(range(100, 110))

    def someone_posts():
        db.script(f"INSERT INTO posts (id, created_at, title) VALUES ({next(fresh)}, '2026-12-05T00:00', 'New')")

    pages = walk(db, 2, between=someone_posts)
    seen = [post for page in pages for post in page]
    assert seen == ALL, (
        f"while new posts arrived the pages showed {pages}: with an offset, every new post pushes the "
        "feed down and the next page repeats what the reader saw. Start each page after the last post shown"
    )


def test_pages_search_the_index(db):
    walk(db, 2)
    for query in db.queries.of_kind("SELECT"):
        assert "OFFSET" not in query.sql.upper(), (
            f"{' '.join(query.sql.split())!r} uses OFFSET: SQLite reads and throws away every skipped row, so "
            "page 1000 reads 20,000 rows. Filter on the cursor instead"
        )
    later = [query for query in db.queries.of_kind("SELECT") if query.params and len(query.params) > 1]
    assert later, "no page query used the cursor"
    for query in later:
        plan = db.explain(query.sql, query.params)
        plan.assert_uses_index(
            "posts",
            "the cursor condition walks the index from the newest post down to the cursor. Compare row values, "
            "WHERE (created_at, id) < (?, ?), which SQLite can search the index with",
        )
        sorts = [d for d in plan.details if "TEMP B-TREE" in d]
        assert not sorts, f"the page query sorts its rows ({sorts[0]}): ORDER BY created_at DESC, id DESC reads the index in order"
