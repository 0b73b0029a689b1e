"""Stage 5: each API key gets a limited number of requests per window."""
import random
import string

import pytest
from pydojo_harness.http_client import client_for

from shortlinks.app import make_app


class FakeClock:
    def __init__(self):
        self.now = 1_750_000_000.0 + random.randint(0, 10**6)

    def __call__(self):
        return self.now

    def advance(self, seconds):
        self.now += seconds


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def limits():
    return random.randint(3, 8), random.choice([10, 30, 60, 90])


@pytest.fixture
def client(tmp_path, clock, limits):
    limit, window = limits
    return client_for(make_app(db_path=str(tmp_path / "rl.db"), clock=clock, rate_limit=limit, rate_window=window))


def key_for(client, owner):
    response = client.post("/keys", json={"owner": owner})
    assert response.status == 201, f"POST /keys (no key: sign-up) should give 201, got {response.status}: {response.text}"
    return {"Authorization": f"Bearer {response.json()['key']}"}


def use_up(client, headers, limit):
    for i in range(limit):
        response = client.get("/links", headers=headers)
        assert response.status == 200, (
            f"request {i + 1} of {limit} allowed per window was refused with {response.status}: a key may make "
            f"rate_limit={limit} requests in a burst"
        )


def refused(response, window):
    assert response.status == 429, f"past the limit the answer is 429 Too Many Requests, got {response.status}"
    assert "error" in response.json(), "a 429 is a JSON error like the others"
    retry = response.headers.get("Retry-After")
    assert retry is not None and retry.isdigit(), f"a 429 says when to come back: Retry-After: <whole seconds>, got {retry!r}"
    assert 1 <= int(retry) <= window, f"Retry-After should be between 1 and the window ({window} s), got {retry}"
    return int(retry)


def test_a_burst_then_429(client, limits):
    limit, window = limits
    headers = key_for(client, "ada")
    use_up(client, headers, limit)
    refused(client.get("/links", headers=headers), window)


def test_retry_after_tells_the_truth(client, clock, limits):
    limit, window = limits
    headers = key_for(client, "ada")
    use_up(client, headers, limit)
    retry = refused(client.get("/links", headers=headers), window)
    if retry > 1:
        clock.advance(retry - 1)
        refused(client.get("/links", headers=headers), window)
        # A hair over the last second: a token bucket that adds up its refills in floats can land
        # a rounding error short of a token (5 * (1/6) + 1/6 < 1), which is not a lie.
        clock.advance(1.001)
    else:
        clock.advance(retry)
    response = client.get("/links", headers=headers)
    assert response.status == 200, (
        f"Retry-After said {retry} s; once they have passed (on the app's clock) the next request must go through, "
        f"got {response.status}"
    )


def test_a_refused_request_costs_nothing(client, clock, limits):
    limit, window = limits
    headers = key_for(client, "ada")
    use_up(client, headers, limit)
    retry = refused(client.get("/links", headers=headers), window)
    for _ in range(random.randint(3, 8)):  # an impatient client
        assert client.get("/links", headers=headers).status == 429
    clock.advance(retry)
    assert client.get("/links", headers=headers).status == 200, (
        "a refused request must not use up the allowance: a client that retries too early should not push its "
        "own Retry-After further away"
    )


def test_a_whole_window_later_the_full_burst_is_back(client, clock, limits):
    limit, window = limits
    headers = key_for(client, "ada")
    use_up(client, headers, limit)
    clock.advance(window)
    use_up(client, headers, limit)


def test_limits_are_per_key(client, limits):
    limit, window = limits
    ada, bob = key_for(client, "ada"), key_for(client, "bob")
    use_up(client, ada, limit)
    refused(client.get("/links", headers=ada), window)
    for i in range(limit):
        response = client.get("/links", headers=bob)
        assert response.status == 200, (
            f"bob's request {i + 1} was refused ({response.status}) because ada used up her limit: keep one "
            "allowance per key"
        )


def test_every_request_with_a_key_counts(client, limits):
    limit, window = limits
    headers = key_for(client, "ada")
    slugs = []
    for _ in range(limit):
        kind = random.choice(["create", "list", "stats"]) if slugs else "create"
        if kind == "create":
            slug = "".join(random.choices(string.ascii_lowercase, k=8))
            assert client.post("/links", json={"url": "https://example.com/", "slug": slug}, headers=headers).status == 201
            slugs.append(slug)
        elif kind == "list":
            assert client.get("/links", headers=headers).status == 200
        else:
            assert client.get(f"/links/{random.choice(slugs)}/stats", headers=headers).status == 200
    refused(client.post("/links", json={"url": "https://example.com/more"}, headers=headers), window)
    refused(client.delete(f"/links/{slugs[0]}", headers=headers), window)


def test_requests_without_a_key_are_not_limited(client, limits):
    limit, _ = limits
    headers = key_for(client, "ada")
    use_up(client, headers, limit)
    slug = client.post("/links", json={"url": "https://example.com/anon"}).json().get("slug")
    for _ in range(limit * 2):
        assert client.get(f"/{slug}").status == 302, "following links needs no key, and is not limited"
        assert client.post("/links", json={"url": "https://example.com/anon"}).status == 201


def test_a_wrong_key_is_401_not_429(client, limits):
    limit, _ = limits
    headers = key_for(client, "ada")
    use_up(client, headers, limit)
    assert client.get("/links", headers={"X-API-Key": "no-such-key-" + str(random.randint(1, 999))}).status == 401


def test_the_default_is_60_per_minute(tmp_path, clock):
    client = client_for(make_app(db_path=str(tmp_path / "d.db"), clock=clock))
    headers = key_for(client, "ada")
    use_up(client, headers, 60)
    refused(client.get("/links", headers=headers), 60)
