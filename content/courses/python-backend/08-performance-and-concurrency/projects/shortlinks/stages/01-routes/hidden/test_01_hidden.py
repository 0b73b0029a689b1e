"""Stage 1, other inputs."""
import random

import pytest
from pydojo_harness.http_client import client_for

from shortlinks.app import make_app


@pytest.fixture
def client():
    return client_for(make_app())


def some_url():
    return random.choice([
        "https://example.com",
        "http://localhost:5000/admin?x=1#top",
        "HTTPS://Example.COM/Path",
        f"https://sub{random.randint(1, 99)}.example.org/a/b/c?q=%20x",
        "http://[::1]:8000/",
    ])


def test_many_links_each_redirect_to_their_url(client):
    created = {}
    for i in range(random.randint(5, 12)):
        url = some_url()
        slug = f"L{i}-{random.randint(100, 999)}"
        permanent = random.random() < 0.5
        response = client.post("/links", json={"url": url, "slug": slug, "permanent": permanent})
        assert response.status == 201, f"{url!r} is a valid http(s) URL: expected 201, got {response.status}: {response.text}"
        created[slug] = (url, 301 if permanent else 302)
    for slug, (url, status) in created.items():
        response = client.get(f"/{slug}")
        assert (response.status, response.headers.get("Location")) == (status, url), (
            f"/{slug} should redirect ({status}) to {url} exactly as given"
        )


@pytest.mark.parametrize("url", ["mailto:ada@example.com", "file:///etc/passwd", "//example.com/x", "http:/example.com",
                                 "https://example.com/\tx", "data:text/html,hi", ["https://example.com"]])
def test_more_bad_urls(client, url):
    response = client.post("/links", json={"url": url})
    assert response.status == 400, f"{url!r} should be refused with 400, got {response.status}"
    assert "error" in response.json()


@pytest.mark.parametrize("slug", ["keys", "METRICS", "a*b", "", "--", ["abc"]])
def test_more_bad_slugs(client, slug):
    response = client.post("/links", json={"url": "https://example.com/", "slug": slug})
    assert response.status == 400, f"slug {slug!r} should be refused with 400, got {response.status}"


def test_slug_of_32_and_3_characters(client):
    for slug in ("a" * 32, "a-b", "___"):
        response = client.post("/links", json={"url": "https://example.com/", "slug": slug})
        assert response.status == 201, (
            f"slug {slug!r} follows the rule (3-32 of A-Z a-z 0-9 - _): expected 201, got {response.status}"
        )
        assert client.get(f"/{slug}").status == 302


def test_slugs_are_case_sensitive(client):
    assert client.post("/links", json={"url": "https://example.com/lower", "slug": "abcd"}).status == 201
    assert client.post("/links", json={"url": "https://example.com/upper", "slug": "ABCD"}).status == 201
    assert client.get("/ABCD").headers.get("Location") == "https://example.com/upper", (
        "slugs are case-sensitive: /ABCD and /abcd are two links"
    )
    assert client.get("/abcd").headers.get("Location") == "https://example.com/lower"
