"""Stage 5, other inputs."""
import random

from pydojo_harness.http_client import client_for

from shortlinks.app import make_app


class Clock:
    def __init__(self):
        self.now = 1_800_000_000.25

    def __call__(self):
        return self.now


def test_a_limit_of_one(tmp_path):
    clock = Clock()
    window = random.choice([5, 7, 45])
    client = client_for(make_app(db_path=str(tmp_path / "a.db"), clock=clock, rate_limit=1, rate_window=window))
    key = {"X-API-Key": client.post("/keys", json={"owner": "solo"}).json()["key"]}
    assert client.get("/links", headers=key).status == 200, "rate_limit=1: the first request goes through"
    response = client.get("/links", headers=key)
    assert response.status == 429, f"rate_limit=1: the second request at the same moment is 429, got {response.status}"
    assert 1 <= int(response.headers["Retry-After"]) <= window, (
        f"Retry-After is whole seconds from 1 to the window ({window}), got {response.headers.get('Retry-After')!r}"
    )
    clock.now += window
    assert client.get("/links", headers=key).status == 200, f"after a whole window ({window} s) the key may go again"


def test_two_keys_of_one_owner_and_a_third_owner(tmp_path):
    clock = Clock()
    client = client_for(make_app(db_path=str(tmp_path / "b.db"), clock=clock, rate_limit=2, rate_window=60))
    first = client.post("/keys", json={"owner": "twin"}).json()["key"]
    other = client.post("/keys", json={"owner": "third"}).json()["key"]
    for _ in range(2):
        assert client.get("/links", headers={"X-API-Key": first}).status == 200
    assert client.get("/links", headers={"X-API-Key": first}).status == 429, "rate_limit=2: the third request is 429"
    assert client.get("/links", headers={"X-API-Key": other}).status == 200, (
        "another owner's key has its own allowance"
    )


def test_sustained_rate(tmp_path):
    clock = Clock()
    client = client_for(make_app(db_path=str(tmp_path / "c.db"), clock=clock, rate_limit=4, rate_window=40))
    key = {"X-API-Key": client.post("/keys", json={"owner": "steady"}).json()["key"]}
    allowed = 0
    for _ in range(40):  # 200 s, one request every 5 s: 4 per 40 s is one per 10 s
        if client.get("/links", headers=key).status == 200:
            allowed += 1
        clock.now += 5
    assert 18 <= allowed <= 28, f"4 per 40 s for 200 s is about 20 to 24 requests; {allowed} of 40 went through"
