"""Stage 1: create short links, follow them, and refuse what is not a link."""
import random
import re
import string

import pytest
from pydojo_harness.http_client import client_for

from shortlinks.app import make_app

SLUG_RULE = re.compile(r"[A-Za-z0-9_-]{3,32}")


@pytest.fixture
def client():
    return client_for(make_app())


def random_slug():
    return "".join(random.choices(string.ascii_letters + string.digits + "-_", k=random.randint(4, 12)))


def random_url():
    host = random.choice(["example.com", "docs.example.org", "shop.example.net", "127.0.0.1:8080"])
    words = random.sample(["guides", "spring", "sale", "release", "notes", "intro", "pricing", "blog"], 2)
    scheme = random.choice(["https", "http"])
    return f"{scheme}://{host}/{words[0]}/{words[1]}?ref={random.randint(1, 9999)}"


def create(client, **body):
    response = client.post("/links", json=body)
    assert response.status == 201, (
        f"POST /links with {body} should create the link (201), got {response.status}: {response.text}"
    )
    return response


def assert_json_error(response, status, why):
    assert response.status == status, f"{why}: expected {status}, got {response.status} {response.text}"
    assert response.headers.get("Content-Type", "").startswith("application/json"), (
        f"errors are JSON too: Content-Type should be application/json, got {response.headers.get('Content-Type')!r}"
    )
    error = response.json().get("error") if isinstance(response.json(), dict) else None
    assert isinstance(error, str) and error, f'an error body is {{"error": "<message>"}}, got {response.text}'


def test_a_link_with_its_own_slug(client):
    slug, url = random_slug(), random_url()
    response = create(client, url=url, slug=slug)
    body = response.json()
    assert body["slug"] == slug
    assert body["url"] == url
    assert body["short_url"] == f"/{slug}"
    assert body["permanent"] is False, "a link is temporary (302) unless the body says permanent: true"
    assert response.headers.get("Location") == f"/{slug}", "201 Created names the new resource in Location"


def test_following_a_link_redirects_with_302(client):
    slug, url = random_slug(), random_url()
    create(client, url=url, slug=slug)
    response = client.get(f"/{slug}")
    assert response.status == 302, f"GET /{slug} should redirect with 302 Found, got {response.status}"
    assert response.headers.get("Location") == url, "the redirect's Location is the link's URL, unchanged"


def test_a_permanent_link_redirects_with_301(client):
    slug, url = random_slug(), random_url()
    assert create(client, url=url, slug=slug, permanent=True).json()["permanent"] is True
    response = client.get(f"/{slug}")
    assert response.status == 301, (
        f"a link created with permanent: true should redirect with 301 Moved Permanently, got {response.status}"
    )
    assert response.headers.get("Location") == url


def test_without_a_slug_one_is_generated(client):
    urls = [random_url() for _ in range(random.randint(3, 6))]
    slugs = []
    for url in urls:
        body = create(client, url=url).json()
        assert isinstance(body.get("slug"), str) and SLUG_RULE.fullmatch(body["slug"]), (
            f"a generated slug must follow the slug rule (3-32 letters, digits, - or _), got {body.get('slug')!r}"
        )
        slugs.append(body["slug"])
    assert len(set(slugs)) == len(slugs), f"each new link needs its own slug, got {slugs}"
    for slug, url in zip(slugs, urls):
        response = client.get(f"/{slug}")
        assert (response.status, response.headers.get("Location")) == (302, url)


BAD_URLS = [
    pytest.param(None, id="missing"),
    pytest.param(42, id="not a string"),
    pytest.param("", id="empty"),
    pytest.param("example.com/page", id="no scheme"),
    pytest.param("ftp://example.com/file", id="ftp"),
    pytest.param("javascript:alert(1)", id="javascript"),
    pytest.param("https://", id="no host"),
    pytest.param("https://exa mple.com/", id="space"),
    pytest.param("https://example.com/caf\u00e9", id="not ascii"),
    pytest.param("https://example.com/" + "a" * 2100, id="too long"),
]


@pytest.mark.parametrize("url", BAD_URLS)
def test_what_is_not_an_http_url_is_400(client, url):
    body = {"slug": random_slug()} if random.random() < 0.5 else {}
    if url is not None:
        body["url"] = url
    response = client.post("/links", json=body)
    assert_json_error(response, 400, f"a link must be an http(s) URL with a host; {url!r} is not")


@pytest.mark.parametrize("slug", ["ab", "x" * 33, "with space", "dot.dot", "sl/ash", "é-accent", 12345, "links", "Health"])
def test_a_bad_slug_is_400(client, slug):
    response = client.post("/links", json={"url": random_url(), "slug": slug})
    assert_json_error(response, 400, f"slug {slug!r} breaks the slug rule (or is reserved)")


def test_permanent_must_be_a_boolean(client):
    response = client.post("/links", json={"url": random_url(), "permanent": random.choice(["yes", 1, "true"])})
    assert_json_error(response, 400, "permanent is true or false, nothing else")


def test_a_taken_slug_is_409_and_the_first_link_stays(client):
    slug, first, second = random_slug(), random_url(), random_url() + "&again=1"
    create(client, url=first, slug=slug)
    response = client.post("/links", json={"url": second, "slug": slug})
    assert_json_error(response, 409, f"slug {slug!r} is already taken: a second POST must not replace it")
    assert client.get(f"/{slug}").headers.get("Location") == first, "the first link must still redirect to its URL"


def test_an_unknown_slug_is_404(client):
    create(client, url=random_url(), slug=random_slug() + "a")
    assert_json_error(client.get(f"/{random_slug()}b"), 404, "no link has this slug")


@pytest.mark.parametrize("body", ['{"url": ', "[1, 2]", '"https://example.com"', ""])
def test_a_body_that_is_not_a_json_object_is_400(client, body):
    response = client.post("/links", body=body, headers={"Content-Type": "application/json"})
    assert_json_error(response, 400, f"the body {body!r} is not a JSON object")


def test_an_unknown_route_is_404(client):
    assert_json_error(client.get(f"/{random_slug()}/{random_slug()}"), 404, "no route has this path")


def test_a_wrong_method_is_405(client):
    response = client.request(random.choice(["PUT", "PATCH"]), "/links", json={"url": random_url()})
    assert_json_error(response, 405, "/links exists but does not take this method")
    assert "POST" in response.headers.get("Allow", ""), "a 405 says which methods the path allows, in Allow"


def test_each_app_has_its_own_links():
    first, second = client_for(make_app()), client_for(make_app())
    slug = random_slug()
    create(first, url=random_url(), slug=slug)
    assert second.get(f"/{slug}").status == 404, (
        "each make_app() starts empty: keep the links in the app (or its store), not in a module-level global"
    )
