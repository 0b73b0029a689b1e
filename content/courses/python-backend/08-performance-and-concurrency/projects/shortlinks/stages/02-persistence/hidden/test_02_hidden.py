"""Stage 2, other inputs."""
import random

from pydojo_harness.http_client import client_for

from shortlinks.app import make_app


def test_three_restarts_in_a_row(tmp_path):
    path = str(tmp_path / "again.db")
    seen = {}
    for generation in range(3):
        client = client_for(make_app(db_path=path))
        for slug, url in seen.items():
            assert client.get(f"/{slug}").headers.get("Location") == url, (
                f"after restart {generation}, /{slug} must still redirect to {url}"
            )
        for i in range(random.randint(1, 4)):
            slug = f"g{generation}-{i}-{random.randint(0, 999)}"
            url = f"http://example.com/{generation}/{i}?u=%C3%A9t%C3%A9&x={random.random()}"
            response = client.post("/links", json={"url": url, "slug": slug})
            assert response.status == 201, f"POST /links {slug!r} should give 201, got {response.status}: {response.text}"
            seen[slug] = url


def test_percent_encoded_and_long_urls_round_trip(tmp_path):
    path = str(tmp_path / "u.db")
    url = "https://example.com/" + "caf%C3%A9/" * random.randint(10, 150) + "?q=%E6%97%A5"
    slug = "enc" + str(random.randint(100, 999))
    assert client_for(make_app(db_path=path)).post("/links", json={"url": url, "slug": slug}).status == 201
    response = client_for(make_app(db_path=path)).get(f"/{slug}")
    assert (response.status, response.headers.get("Location")) == (302, url), (
        "a long, percent-encoded URL must come back from the database exactly as it was given"
    )


def test_case_sensitive_slugs_after_restart(tmp_path):
    path = str(tmp_path / "c.db")
    client = client_for(make_app(db_path=path))
    assert client.post("/links", json={"url": "https://example.com/a", "slug": "MiXeD"}).status == 201
    client = client_for(make_app(db_path=path))
    response = client.post("/links", json={"url": "https://example.com/b", "slug": "mixed"})
    assert response.status == 201, (
        f"slugs are case-sensitive in the database too: 'mixed' is free when 'MiXeD' is taken, got {response.status}"
    )
    assert client.get("/MiXeD").headers.get("Location") == "https://example.com/a", "/MiXeD must keep its own URL"
