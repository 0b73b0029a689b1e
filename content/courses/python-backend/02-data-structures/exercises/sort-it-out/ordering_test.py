import pytest

from ordering import cheapest_first, leaderboard, recent_logins, top_spenders, triage


def names(players):
    return [p["name"] for p in players]


def test_cheapest_first():
    products = [{"sku": "LMP", "price": 19.99}, {"sku": "PEN", "price": 2.25}, {"sku": "MUG", "price": 8.5}]
    assert [p["sku"] for p in cheapest_first(products)] == ["PEN", "MUG", "LMP"]


def test_cheapest_first_keeps_equal_prices_in_their_order():
    products = [
        {"sku": "z", "price": 5}, {"sku": "b", "price": 3}, {"sku": "a", "price": 5}, {"sku": "y", "price": 3},
    ]
    assert [p["sku"] for p in cheapest_first(products)] == ["b", "y", "z", "a"]


def test_cheapest_first_returns_the_whole_dicts():
    products = [{"sku": "b", "price": 2, "stock": 0}, {"sku": "a", "price": 1, "stock": 4}]
    assert cheapest_first(products) == [{"sku": "a", "price": 1, "stock": 4}, {"sku": "b", "price": 2, "stock": 0}]


def test_cheapest_first_of_nothing():
    assert cheapest_first([]) == []


def test_leaderboard_example():
    players = [
        {"name": "bo", "score": 90, "seconds": 31},
        {"name": "Ada", "score": 90, "seconds": 31},
        {"name": "cy", "score": 95, "seconds": 40},
        {"name": "al", "score": 90, "seconds": 25},
    ]
    assert names(leaderboard(players)) == ["cy", "al", "Ada", "bo"]


@pytest.mark.parametrize(
    "players, expected",
    [
        (
            [{"name": "a", "score": 10, "seconds": 5}, {"name": "b", "score": 30, "seconds": 5},
             {"name": "c", "score": 20, "seconds": 5}],
            ["b", "c", "a"],
        ),
        (
            [{"name": "slow", "score": 50, "seconds": 99}, {"name": "fast", "score": 50, "seconds": 12}],
            ["fast", "slow"],
        ),
        (
            [{"name": "Bob", "score": 7, "seconds": 3}, {"name": "alice", "score": 7, "seconds": 3}],
            ["alice", "Bob"],
        ),
        (
            [{"name": "ada", "score": 7, "seconds": 3}, {"name": "Ada", "score": 7, "seconds": 3},
             {"name": "ADA", "score": 7, "seconds": 3}],
            ["ada", "Ada", "ADA"],
        ),
    ],
    ids=[
        "highest score first",
        "equal scores: fastest first",
        "then names ignoring case",
        "complete ties keep their order",
    ],
)
def test_leaderboard(players, expected):
    assert names(leaderboard(players)) == expected, (
        "highest score first, then fewest seconds, then name A-Z ignoring case; complete ties keep their order"
    )


def test_recent_logins_newest_first():
    users = [
        {"username": "ada", "last_login": "2024-05-01T08:00:00"},
        {"username": "bo", "last_login": "2024-05-03T17:30:00"},
        {"username": "cy", "last_login": "2024-05-02T23:59:59"},
    ]
    assert [u["username"] for u in recent_logins(users)] == ["bo", "cy", "ada"]


def test_recent_logins_same_moment_by_username():
    users = [
        {"username": "mia", "last_login": "2024-05-02T09:15:00"},
        {"username": "zed", "last_login": "2024-05-03T10:00:00"},
        {"username": "ben", "last_login": "2024-05-02T09:15:00"},
        {"username": "abe", "last_login": "2024-05-03T10:00:00"},
        {"username": "kim", "last_login": "2024-05-02T09:15:00"},
    ]
    assert [u["username"] for u in recent_logins(users)] == ["abe", "zed", "ben", "kim", "mia"], (
        "newest first, but logins of the same moment go by username A-Z, not Z-A"
    )


def test_triage():
    tickets = [
        {"id": 1, "status": "closed", "priority": 1, "opened": "2024-04-01T10:00:00"},
        {"id": 2, "status": "open", "priority": 2, "opened": "2024-04-03T10:00:00"},
        {"id": 3, "status": "in-progress", "priority": 3, "opened": "2024-04-02T10:00:00"},
        {"id": 4, "status": "open", "priority": 1, "opened": "2024-04-05T10:00:00"},
        {"id": 5, "status": "open", "priority": 2, "opened": "2024-04-02T09:00:00"},
        {"id": 6, "status": "in-progress", "priority": 1, "opened": "2024-04-04T10:00:00"},
    ]
    assert [t["id"] for t in triage(tickets)] == [4, 5, 2, 6, 3, 1]


def test_triage_puts_unknown_statuses_last():
    tickets = [
        {"id": 1, "status": "waiting", "priority": 1, "opened": "2024-03-01T10:00:00"},
        {"id": 2, "status": "closed", "priority": 3, "opened": "2024-04-09T10:00:00"},
        {"id": 3, "status": "archived", "priority": 1, "opened": "2024-04-01T10:00:00"},
        {"id": 4, "status": "open", "priority": 3, "opened": "2024-04-09T10:00:00"},
        {"id": 5, "status": "archived", "priority": 2, "opened": "2024-01-01T10:00:00"},
    ]
    # "waiting" and "archived" form one last group, ordered by priority, then opened
    assert [t["id"] for t in triage(tickets)] == [4, 2, 1, 3, 5]


def test_top_spenders_example():
    assert top_spenders([("ada", 30), ("bo", 50), ("ada", 25), ("cy", 55)], 2) == [("ada", 55), ("cy", 55)]


@pytest.mark.parametrize(
    "orders, n, expected",
    [
        ([("ada", 10), ("bo", 30), ("cy", 20)], 3, [("bo", 30), ("cy", 20), ("ada", 10)]),
        ([("ada", 10), ("bo", 30)], 5, [("bo", 30), ("ada", 10)]),
        ([("ada", 10), ("bo", 30)], 0, []),
        ([], 3, []),
        ([("zoe", 5), ("amy", 2), ("zoe", 1), ("amy", 4)], 2, [("amy", 6), ("zoe", 6)]),
        ([("bo", 1)] * 4 + [("al", 3)], 1, [("bo", 4)]),
    ],
    ids=[
        "biggest first",
        "n larger than the number of customers",
        "n is 0",
        "no orders",
        "equal totals by name",
        "amounts add up per customer",
    ],
)
def test_top_spenders(orders, n, expected):
    assert top_spenders(orders, n) == expected
