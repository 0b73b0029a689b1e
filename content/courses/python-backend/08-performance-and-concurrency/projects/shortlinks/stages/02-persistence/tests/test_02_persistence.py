"""Stage 2: links live in a SQLite file and survive a restart of the app."""
import random
import sqlite3
import string

import pytest
from pydojo_harness.http_client import client_for

from shortlinks.app import make_app


@pytest.fixture
def db_file(tmp_path):
    return str(tmp_path / "shortlinks.db")


def random_slug():
    return "".join(random.choices(string.ascii_letters + string.digits, k=random.randint(5, 10)))


def random_url():
    return f"https://{random.choice(['example.com', 'news.example.org'])}/{random_slug()}?id={random.randint(1, 10**6)}"


def create(client, **body):
    response = client.post("/links", json=body)
    assert response.status == 201, f"POST /links with {body} should give 201, got {response.status}: {response.text}"
    return response.json()


def test_links_survive_a_restart(db_file):
    before = client_for(make_app(db_path=db_file))
    links = {}
    for _ in range(random.randint(3, 6)):
        permanent = random.random() < 0.5
        url = random_url()
        if random.random() < 0.5:
            slug = create(before, url=url, slug=random_slug(), permanent=permanent)["slug"]
        else:
            slug = create(before, url=url, permanent=permanent)["slug"]
        links[slug] = (301 if permanent else 302, url)
    after = client_for(make_app(db_path=db_file))  # a restart: a new app on the same file
    for slug, (status, url) in links.items():
        response = after.get(f"/{slug}")
        assert (response.status, response.headers.get("Location")) == (status, url), (
            f"after a restart /{slug} must still redirect ({status} to {url}): store links in the database "
            "file and commit each change"
        )


def test_a_slug_stays_taken_after_a_restart(db_file):
    slug, url = random_slug(), random_url()
    create(client_for(make_app(db_path=db_file)), url=url, slug=slug)
    after = client_for(make_app(db_path=db_file))
    response = after.post("/links", json={"url": random_url(), "slug": slug})
    assert response.status == 409, f"slug {slug!r} was taken before the restart: expected 409, got {response.status}"
    assert after.get(f"/{slug}").headers.get("Location") == url


def test_separate_database_files_have_separate_links(tmp_path):
    first = client_for(make_app(db_path=str(tmp_path / "first.db")))
    second = client_for(make_app(db_path=str(tmp_path / "second.db")))
    slug = random_slug()
    create(first, url=random_url(), slug=slug)
    assert second.get(f"/{slug}").status == 404, (
        "an app on a separate database file must not see the other's links: the links must live in the "
        "database at db_path, not in a module-level dict"
    )
    response = second.post("/links", json={"url": random_url(), "slug": slug})
    assert response.status == 201, f"{slug!r} is free in the other database, got {response.status}"


def test_the_links_table(db_file):
    client = client_for(make_app(db_path=db_file))
    expected = {}
    for _ in range(random.randint(2, 5)):
        slug, url = random_slug(), random_url()
        create(client, url=url, slug=slug)
        expected[slug] = url
    with sqlite3.connect(db_file) as connection:
        columns = {row[1] for row in connection.execute("PRAGMA table_info(links)")}
        assert {"slug", "url"} <= columns, (
            f"schema.sql should create a table `links` with (at least) the columns slug and url; found columns {sorted(columns)}"
        )
        rows = dict(connection.execute("SELECT slug, url FROM links"))
    connection.close()
    assert rows == expected, "the links table should hold exactly the links created, one row each"


def test_the_default_database_is_private_to_the_app():
    first, second = client_for(make_app()), client_for(make_app())
    slug = random_slug()
    create(first, url=random_url(), slug=slug)
    assert first.get(f"/{slug}").status == 302
    assert second.get(f"/{slug}").status == 404, "make_app() with no path uses \":memory:\": a fresh database per app"
