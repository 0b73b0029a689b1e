"""Stage 4, other inputs."""
import random
from datetime import datetime, timezone

from pydojo_harness.http_client import client_for

from shortlinks.app import make_app


class Clock:
    def __init__(self, now):
        self.now = now

    def __call__(self):
        return self.now


def setup(tmp_path, clock):
    client = client_for(make_app(db_path=str(tmp_path / "h.db"), clock=clock))
    key = {"Authorization": "Bearer " + client.post("/keys", json={"owner": "hidden"}).json()["key"]}
    return client, key


def test_two_links_are_counted_apart(tmp_path):
    clock = Clock(1_600_000_000.5)
    client, key = setup(tmp_path, clock)
    counts = {}
    for name in ("one", "two"):
        assert client.post("/links", json={"url": f"https://example.com/{name}", "slug": name}, headers=key).status == 201
        counts[name] = random.randint(1, 7)
        for _ in range(counts[name]):
            client.get(f"/{name}", headers={"Referer": f"https://{name}.example.com/"})
    for name, n in counts.items():
        body = client.get(f"/links/{name}/stats", headers=key).json()
        assert body["total"] == n, f"/{name} was followed {n} times; each link counts only its own clicks, got {body}"
        assert body["top_referrers"] == [{"referrer": f"{name}.example.com", "clicks": n}], (
            f"each link lists only the referrers of its own clicks, got {body['top_referrers']}"
        )
        day = datetime.fromtimestamp(clock.now, timezone.utc).strftime("%Y-%m-%d")
        assert body["per_day"] == [{"day": day, "clicks": n}], f"all clicks were on {day} (UTC), got {body['per_day']}"


def test_years_and_months_change(tmp_path):
    clock = Clock(1_767_225_599.0)  # 2025-12-31 23:59:59 UTC
    client, key = setup(tmp_path, clock)
    client.post("/links", json={"url": "https://example.com/", "slug": "nye"}, headers=key)
    client.get("/nye")
    clock.now += 1
    client.get("/nye")
    client.get("/nye")
    body = client.get("/links/nye/stats", headers=key).json()
    assert body["per_day"] == [{"day": "2025-12-31", "clicks": 1}, {"day": "2026-01-01", "clicks": 2}], (
        f"one click at 23:59:59 UTC on the last day of a year and two a second later: two days, got {body['per_day']}"
    )


def test_broken_referers_are_not_listed(tmp_path):
    client, key = setup(tmp_path, Clock(1_650_000_000.0))
    client.post("/links", json={"url": "https://example.com/", "slug": "refs"}, headers=key)
    for referer in ("not a url", "", "https://[broken/", "https://ok.example.com/"):
        response = client.get("/refs", headers={"Referer": referer})
        assert response.status == 302, (
            f"a Referer of {referer!r} is no referrer, but the redirect must still happen; got {response.status}"
        )
    body = client.get("/links/refs/stats", headers=key).json()
    assert body["total"] == 4, f"4 redirects are 4 clicks, whatever their Referer; got {body}"
    assert body["top_referrers"] == [{"referrer": "ok.example.com", "clicks": 1}], (
        f"only a Referer with a host is a referrer, got {body['top_referrers']}"
    )
