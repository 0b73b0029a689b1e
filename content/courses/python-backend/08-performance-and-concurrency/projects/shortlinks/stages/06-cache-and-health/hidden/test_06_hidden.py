"""Stage 6, other inputs."""
import random
from collections import OrderedDict

from pydojo_harness.http_client import client_for

from shortlinks.app import make_app


def test_lru_against_a_model(tmp_path):
    size = random.randint(2, 3)
    client = client_for(make_app(db_path=str(tmp_path / "m.db"), cache_size=size))
    slugs = [f"lru{i}{random.randint(10, 99)}" for i in range(5)]
    for slug in slugs:
        assert client.post("/links", json={"url": "https://example.com/", "slug": slug}).status == 201
    model, hits, misses = OrderedDict(), 0, 0
    for _ in range(30):
        slug = random.choice(slugs)
        assert client.get(f"/{slug}").status == 302
        if slug in model:
            hits += 1
            model.move_to_end(slug)
        else:
            misses += 1
            model[slug] = True
            if len(model) > size:
                model.popitem(last=False)
    cache = client.get("/metrics").json()["cache"]
    assert (cache["hits"], cache["misses"]) == (hits, misses), (
        f"with cache_size={size}, 30 redirects over 5 links should give {hits} hits and {misses} misses when the "
        f"least recently used link leaves first, got {cache}"
    )


def test_a_reused_slug_redirects_to_the_new_url(tmp_path):
    client = client_for(make_app(db_path=str(tmp_path / "r.db")))
    key = {"X-API-Key": client.post("/keys", json={"owner": "reuse"}).json()["key"]}
    client.post("/links", json={"url": "https://example.com/old", "slug": "again"}, headers=key)
    assert client.get("/again").headers["Location"] == "https://example.com/old"
    assert client.delete("/links/again", headers=key).status == 204
    client.post("/links", json={"url": "https://example.com/new", "slug": "again"}, headers=key)
    assert client.get("/again").headers["Location"] == "https://example.com/new", (
        "a slug created again after a delete redirects to its new URL, not to the old one the cache kept"
    )


def test_health_and_metrics_need_no_key(tmp_path):
    client = client_for(make_app(db_path=str(tmp_path / "n.db"), rate_limit=1))
    assert client.get("/health").status == 200, "GET /health needs no key"
    assert client.get("/metrics").status == 200, "GET /metrics needs no key"
    assert client.get("/metrics").json()["requests"]["GET /health"] == {"200": 1}, (
        'one GET /health answered 200: requests["GET /health"] is {"200": 1}'
    )


def test_a_broken_database_is_503_not_a_crash(tmp_path):
    path = str(tmp_path / "x.db")
    client = client_for(make_app(db_path=path))
    client.post("/links", json={"url": "https://example.com/", "slug": "before"})
    with open(path, "r+b") as file:
        file.write(b"\x00garbage" * 20)
    response = client.get("/health")
    assert response.status == 503, (
        f"the database file was overwritten: /health must answer 503 (not 500, not 200), got {response.status}"
    )
    assert client.get("/health").json()["status"] == "error", 'a 503 from /health says {"status": "error", ...}'
