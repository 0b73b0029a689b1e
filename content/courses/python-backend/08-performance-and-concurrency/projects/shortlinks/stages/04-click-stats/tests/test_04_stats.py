"""Stage 4: every redirect is a click; owners read statistics counted by the database."""
import random
import string
from datetime import datetime, timezone

import pytest
from pydojo_harness import perf
from pydojo_harness.http_client import client_for

from shortlinks.app import make_app

DAY = 86400


class FakeClock:
    """Seconds since the epoch, moved by the test. Starts at 00:00 UTC of a random day of 2025."""

    def __init__(self):
        self.now = float(1_735_689_600 + random.randint(0, 364) * DAY)

    def __call__(self):
        return self.now

    def advance(self, seconds):
        self.now += seconds


def day_of(seconds):
    return datetime.fromtimestamp(seconds, timezone.utc).strftime("%Y-%m-%d")


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def db_file(tmp_path):
    return str(tmp_path / "shortlinks.db")


@pytest.fixture
def client(db_file, clock):
    return client_for(make_app(db_path=db_file, clock=clock))


def random_slug():
    return "".join(random.choices(string.ascii_letters + string.digits, k=random.randint(5, 10)))


def key_for(client, owner):
    response = client.post("/keys", json={"owner": owner})
    assert response.status == 201, f"POST /keys should give 201, got {response.status}: {response.text}"
    return {"X-API-Key": response.json()["key"]}


def owned_link(client, owner="ada"):
    headers = key_for(client, owner)
    slug = random_slug()
    response = client.post("/links", json={"url": f"https://example.com/{slug}", "slug": slug}, headers=headers)
    assert response.status == 201, response.text
    return slug, headers


def stats(client, slug, headers):
    response = client.get(f"/links/{slug}/stats", headers=headers)
    assert response.status == 200, f"GET /links/{slug}/stats by its owner should give 200, got {response.status}: {response.text}"
    body = response.json()
    for field in ("slug", "total", "per_day", "top_referrers"):
        assert field in body, f"the statistics have the fields slug, total, per_day and top_referrers; {field!r} is missing: {body}"
    return body


def click(client, slug, referer=None):
    response = client.get(f"/{slug}", headers={"Referer": referer} if referer else {})
    assert response.status == 302, f"GET /{slug} should still redirect, got {response.status}"


def test_a_new_link_has_no_clicks(client):
    slug, headers = owned_link(client)
    assert stats(client, slug, headers) == {"slug": slug, "total": 0, "per_day": [], "top_referrers": []}


def test_every_redirect_is_a_click(client):
    slug, headers = owned_link(client)
    n = random.randint(3, 12)
    for _ in range(n):
        click(client, slug)
    assert client.get(f"/{slug}x").status == 404
    assert stats(client, slug, headers)["total"] == n, f"{n} redirects were made: total should be {n}"


def test_clicks_per_day(client, clock):
    slug, headers = owned_link(client)
    clock.advance(random.randint(0, 20) * 3600)
    expected = {}
    for _ in range(random.randint(3, 5)):
        for _ in range(random.randint(1, 4)):
            expected[day_of(clock.now)] = expected.get(day_of(clock.now), 0) + 1
            click(client, slug)
            clock.advance(random.randint(1, 3000))
        clock.advance(random.choice([1, 2, 3]) * DAY)  # some days have no clicks at all
    midnight = (clock.now // DAY + 1) * DAY
    for moment in (midnight - 1, midnight):  # 23:59:59 and 00:00:00 are two days
        clock.now = moment
        expected[day_of(moment)] = expected.get(day_of(moment), 0) + 1
        click(client, slug)
    wanted = [{"day": day, "clicks": count} for day, count in sorted(expected.items())]
    got = stats(client, slug, headers)["per_day"]
    assert got == wanted, (
        "per_day counts the clicks of each UTC day of the app's clock() (the time the click was recorded), "
        "oldest first, leaving out days without clicks"
    )


def test_top_referrers(client):
    slug, headers = owned_link(client)
    hosts = random.sample(["news.example.com", "mail.example.org", "social.example.net", "blog.example.io",
                           "forum.example.dev", "search.example.com", "chat.example.app"], 7)
    counts = random.sample(range(2, 9), 6)
    counts.append(random.choice(sorted(counts)[1:]))  # one tie, broken by the host name (not past the top 5)
    clicks = []
    for host, count in zip(hosts, counts):
        for i in range(count):
            shape = random.choice([f"https://{host}/", f"http://{host.upper()}/page/{i}?q=1", f"https://{host}:8443/x#frag"])
            clicks.append(shape)
    clicks += [None] * random.randint(3, 9)  # no Referer: counted in total, never listed
    random.shuffle(clicks)
    for referer in clicks:
        click(client, slug, referer)
    ranking = sorted(zip(hosts, counts), key=lambda pair: (-pair[1], pair[0]))[:5]
    wanted = [{"referrer": host, "clicks": count} for host, count in ranking]
    body = stats(client, slug, headers)
    assert body["total"] == len(clicks)
    assert body["top_referrers"] == wanted, (
        "top_referrers: the 5 hosts (lowercase, from the Referer header; no scheme, port or path) with the most "
        "clicks, most first, equal counts by host name"
    )


def test_statistics_are_the_owners(client):
    slug, headers = owned_link(client, "ada")
    other = key_for(client, "bob")
    anonymous = client.post("/links", json={"url": "https://example.com/anon"}).json()["slug"]
    assert client.get(f"/links/{slug}/stats").status == 401, "statistics need a key"
    assert client.get(f"/links/{slug}/stats", headers=other).status == 403, "bob may not read ada's statistics"
    assert client.get(f"/links/{anonymous}/stats", headers=other).status == 403, "an anonymous link's statistics are nobody's"
    assert client.get(f"/links/{slug}zz/stats", headers=headers).status == 404


def test_statistics_survive_a_restart(db_file, clock):
    client = client_for(make_app(db_path=db_file, clock=clock))
    slug, headers = owned_link(client)
    n = random.randint(2, 6)
    for _ in range(n):
        click(client, slug, "https://news.example.com/today")
    restarted = client_for(make_app(db_path=db_file, clock=clock))
    body = stats(restarted, slug, headers)
    assert (body["total"], body["top_referrers"]) == (n, [{"referrer": "news.example.com", "clicks": n}])


def test_a_deleted_link_takes_its_clicks_along(client):
    slug, headers = owned_link(client)
    for _ in range(random.randint(2, 5)):
        click(client, slug)
    assert client.delete(f"/links/{slug}", headers=headers).status == 204
    response = client.post("/links", json={"url": "https://example.com/new", "slug": slug}, headers=headers)
    assert response.status == 201
    assert stats(client, slug, headers)["total"] == 0, "a new link with a reused slug starts with no clicks"


def test_the_database_does_the_counting(client):
    slug, headers = owned_link(client)
    referers = ["https://a.example.com/", "https://b.example.com/", None]
    measured, rows, made = {}, {}, 0
    for size in (30, 120):  # the same day and the same referrers: only the number of clicks grows
        for _ in range(size - made):
            click(client, slug, random.choice(referers))
        made = size
        _, counts = perf.operations(client.get, f"/links/{slug}/stats", headers=headers, label=f"stats of {size} clicks")
        measured[size] = counts["lines"]
        rows[size] = counts["rows"]
    assert rows[120] <= rows[30] + 5, (
        f"answering GET /links/<slug>/stats fetched {rows[30]} rows from SQLite for 30 clicks and {rows[120]} for 120: "
        "it reads every click and counts in Python. Let SQLite count: SELECT ... count(*) ... GROUP BY day (and GROUP BY "
        "referrer, ORDER BY ... LIMIT 5), so that your Python sees one row per day and per referrer, not one per click"
    )
    assert measured[120] <= measured[30] * 1.5 + 20, (
        f"answering GET /links/<slug>/stats ran {measured[30]} lines of your code for 30 clicks and {measured[120]} for "
        "120: it grows with the clicks. Let SQLite count: SELECT ... count(*) ... GROUP BY day (and GROUP BY referrer, "
        "ORDER BY ... LIMIT 5), so that your Python sees one row per day and per referrer, not one per click"
    )
