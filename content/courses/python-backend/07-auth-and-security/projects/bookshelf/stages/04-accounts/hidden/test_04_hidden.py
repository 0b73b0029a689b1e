"""Stage 4, hidden: the same rules with other inputs."""

import random

from pydojo_harness.http_client import client_for

from bookshelf.app import make_app


class Clock:
    now = 1_900_000_000.0

    def __call__(self):
        return self.now


def account(app, name, password="quartz-lilac-9"):
    client = client_for(app)
    assert client.post("/accounts", json={"username": name, "password": password}).status == 201
    return client


def test_logging_out_twice_and_logging_in_again():
    app = make_app()
    client = account(app, "olga_1")
    assert client.post("/logout").status == 204
    assert client.post("/logout").status == 401, "after logout there is no session left to end: 401"
    assert client.post("/login", json={"username": "olga_1", "password": "quartz-lilac-9"}).status == 200
    assert client.get("/me").json()["role"] == "librarian"


def test_login_bodies():
    app = make_app()
    account(app, "pat_2")
    client = client_for(app)
    wrong_type = client.post("/login", json={"username": "pat_2", "password": 123456789})
    assert wrong_type.status == 422, (
        f"a login body whose password is not text has a wrong value: 422 as in stage 1, not a failed login (got {wrong_type.status})"
    )
    broken = client.post("/login", body="nope", headers={"Content-Type": "application/json"})
    assert broken.status == 400, f"a login body that is not JSON is 400, as on every route (got {broken.status})"


def test_a_new_login_after_expiry():
    clock = Clock()
    app = make_app(clock=clock)
    client = account(app, "ray_3")
    clock.now += 9 * 3600
    assert client.get("/me").status == 401
    assert client.post("/login", json={"username": "ray_3", "password": "quartz-lilac-9"}).status == 200
    assert client.get("/me").status == 200


def test_members_cannot_touch_member_records():
    app = make_app()
    account(app, "lib_4")
    member = account(app, f"mem_{random.randint(10, 99)}")
    assert member.get("/me").json()["role"] == "member"
    assert member.post("/members", json={"name": "X", "email": "x@example.org"}).status == 403
    assert member.delete("/members/1").status == 403


def test_a_name_with_a_line_break_at_the_end_is_refused():
    # `re.match(r"^[a-z0-9_]{3,20}$", "olga\n")` matches: `$` also matches before a final line
    # break. Use re.fullmatch (or \Z) for a whole-string check.
    response = client_for(make_app()).post(
        "/accounts", json={"username": random.choice(["olga_2", "pavel", "quinn_q"]) + "\n", "password": "quartz-lilac-9"}
    )
    assert response.status == 422, (
        f"a username ending in a line break is not a valid name: 422, got {response.status}. "
        "`$` in a regular expression also matches just before a final line break: use re.fullmatch"
    )
