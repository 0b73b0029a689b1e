"""Stage 6: a cache for redirects, an honest health check, and metrics."""
import random
import string

import pytest
from pydojo_harness.http_client import client_for

from shortlinks.app import make_app


class FakeClock:
    def __init__(self):
        self.now = 1_760_000_000.0 + random.randint(0, 10**6)

    def __call__(self):
        return self.now


@pytest.fixture
def db_file(tmp_path):
    return str(tmp_path / "shortlinks.db")


@pytest.fixture
def client(db_file):
    return client_for(make_app(db_path=db_file, clock=FakeClock()))


def random_slug():
    return "".join(random.choices(string.ascii_lowercase + string.digits, k=random.randint(6, 10)))


def new_link(client, headers=None):
    slug = random_slug()
    response = client.post("/links", json={"url": f"https://example.com/{slug}", "slug": slug}, headers=headers or {})
    assert response.status == 201, response.text
    return slug


def metrics(client):
    response = client.get("/metrics")
    assert response.status == 200, f"GET /metrics should give 200, got {response.status}"
    body = response.json()
    assert isinstance(body.get("requests"), dict) and isinstance(body.get("cache"), dict), (
        f'/metrics answers {{"requests": {{route: {{status: count}}}}, "cache": {{"hits": ..., "misses": ..., "size": ...}}}}, got {body}'
    )
    return body


def test_health_says_ok_when_the_database_answers(client):
    response = client.get("/health")
    assert (response.status, response.json()) == (200, {"status": "ok", "database": "ok"})


def test_health_is_503_when_the_database_is_broken(client, db_file):
    new_link(client)
    with open(db_file, "r+b") as file:  # someone overwrote the file: it is no longer a database
        file.write(b"this is not a database, sorry!" * 4)
    response = client.get("/health")
    assert response.status == 503, (
        f"with a broken database /health must answer 503 Service Unavailable, got {response.status}: a health "
        "check must run a query that reads a table, and answer 503 when it fails (the load balancer then stops "
        "sending traffic here)"
    )
    assert response.json().get("status") == "error"


def test_the_cache_counts_hits_and_misses(client):
    slugs = [new_link(client) for _ in range(random.randint(2, 5))]
    follows = {slug: random.randint(1, 5) for slug in slugs}
    order = [slug for slug, n in follows.items() for _ in range(n)]
    random.shuffle(order)
    for slug in order:
        assert client.get(f"/{slug}").status == 302
    unknown = random.randint(1, 3)
    for _ in range(unknown):
        assert client.get(f"/{random_slug()}-missing").status == 404
    cache = metrics(client)["cache"]
    expected = {"hits": sum(n - 1 for n in follows.values()), "misses": len(slugs) + unknown}
    assert {"hits": cache.get("hits"), "misses": cache.get("misses")} == expected, (
        "each link is read from the database the first time it is followed (a miss) and from the cache after "
        "that (a hit); an unknown slug is a miss and is not cached"
    )
    assert cache.get("size") == len(slugs)


def test_a_deleted_link_leaves_the_cache(client):
    headers = {"X-API-Key": client.post("/keys", json={"owner": "ada"}).json()["key"]}
    slug = new_link(client, headers)
    for _ in range(random.randint(1, 3)):
        assert client.get(f"/{slug}").status == 302
    assert client.delete(f"/links/{slug}", headers=headers).status == 204
    assert client.get(f"/{slug}").status == 404, (
        "a link was deleted but still redirects: the cache kept it. Remove it from the cache when it is deleted"
    )


def test_a_cached_link_still_counts_clicks(client):
    headers = {"X-API-Key": client.post("/keys", json={"owner": "ada"}).json()["key"]}
    slug = new_link(client, headers)
    n = random.randint(3, 8)
    for _ in range(n):
        client.get(f"/{slug}", headers={"Referer": "https://news.example.com/"})
    total = client.get(f"/links/{slug}/stats", headers=headers).json()["total"]
    assert total == n, f"{n} redirects, the first from the database and the rest from the cache: each is a click, got {total}"


def test_the_cache_is_bounded(db_file):
    size = random.randint(2, 4)
    client = client_for(make_app(db_path=db_file, clock=FakeClock(), cache_size=size))
    slugs = [new_link(client) for _ in range(size + 1)]
    rounds = random.randint(2, 3)
    for _ in range(rounds):  # one more link than fits, in a cycle: least-recently-used evicts each before its turn
        for slug in slugs:
            assert client.get(f"/{slug}").status == 302
    cache = metrics(client)["cache"]
    assert (cache.get("hits"), cache.get("misses"), cache.get("size")) == (0, rounds * (size + 1), size), (
        f"with cache_size={size}, the cache holds at most {size} links and drops the least recently used one "
        "first, so cycling through one more link than fits never hits"
    )


def test_each_app_has_its_own_cache(tmp_path):
    first = client_for(make_app(db_path=str(tmp_path / "a.db"), clock=FakeClock()))
    second = client_for(make_app(db_path=str(tmp_path / "b.db"), clock=FakeClock()))
    slug = new_link(first)
    assert first.get(f"/{slug}").status == 302
    assert second.get(f"/{slug}").status == 404, "each app has its own cache: a link of another database must not leak in"


def test_metrics_count_requests_by_route_and_status(client):
    headers = {"X-API-Key": client.post("/keys", json={"owner": "ada"}).json()["key"]}
    created = random.randint(1, 4)
    slugs = [new_link(client, headers) for _ in range(created)]
    followed = random.randint(1, 6)
    for _ in range(followed):
        client.get(f"/{random.choice(slugs)}")
    missing = random.randint(1, 3)
    for _ in range(missing):
        client.get(f"/{random_slug()}x")
    stats = random.randint(1, 3)
    for _ in range(stats):
        client.get(f"/links/{random.choice(slugs)}/stats", headers=headers)
    client.get("/links")  # no key: 401
    client.get("/no/such/route/here")
    requests = metrics(client)["requests"]
    expected = {
        "POST /keys": {"201": 1},
        "POST /links": {"201": created},
        "GET /{slug}": {"302": followed, "404": missing},
        "GET /links/{slug}/stats": {"200": stats},
        "GET /links": {"401": 1},
        "unmatched": {"404": 1},
    }
    assert requests == expected, (
        "requests are counted per route template (\"GET /{slug}\", not \"GET /spring\") and status: one counter "
        "per route, however many slugs exist"
    )
    assert metrics(client)["requests"].get("GET /metrics") == {"200": 1}, "the first GET /metrics shows up in the next one"
