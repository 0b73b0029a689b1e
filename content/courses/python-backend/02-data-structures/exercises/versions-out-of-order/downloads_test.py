import pytest

from downloads import cheapest_first, is_newer, newest_first, sort_versions


@pytest.mark.parametrize(
    "versions, expected",
    [
        (["1.10.0", "1.9.4", "1.2.0", "2.0.0"], ["1.2.0", "1.9.4", "1.10.0", "2.0.0"]),
        (["0.10.0", "0.9.0", "0.1.0"], ["0.1.0", "0.9.0", "0.10.0"]),
        (["10.0", "9.10", "9.2", "9.1"], ["9.1", "9.2", "9.10", "10.0"]),
        (["2.0.0", "10.0.0", "1.0.0"], ["1.0.0", "2.0.0", "10.0.0"]),
        (["1.2.10", "1.2.9", "1.2.1"], ["1.2.1", "1.2.9", "1.2.10"]),
        (["1.2.3", "1.2.3"], ["1.2.3", "1.2.3"]),
        ([], []),
    ],
    ids=[
        "the example",
        "0.10 comes after 0.9",
        "every part is a number",
        "10 comes after 2",
        "the last part counts too",
        "equal versions",
        "no versions",
    ],
)
def test_sort_versions(versions, expected):
    assert sort_versions(versions) == expected


@pytest.mark.parametrize(
    "candidate, installed, expected",
    [
        ("1.10.0", "1.9.4", True),
        ("1.9.4", "1.10.0", False),
        ("1.2.10", "1.2.9", True),
        ("10.0", "9.9", True),
        ("0.9", "0.10", False),
        ("1.0.1", "1.0.0", True),
        ("2.0.0", "2.0.0", False),
        ("1.9.9", "2.0.0", False),
    ],
)
def test_is_newer(candidate, installed, expected):
    assert is_newer(candidate, installed) == expected, (
        f"is_newer({candidate!r}, {installed!r}) should be {expected}"
    )


def prices(offers):
    return [offer["price"] for offer in offers]


def test_cheapest_first_example():
    offers = [{"price": "100.00"}, {"price": "25.50"}, {"price": "9"}]
    assert prices(cheapest_first(offers)) == ["9", "25.50", "100.00"]


def test_cheapest_first_compares_amounts():
    offers = [
        {"mirror": "a", "price": "19.99"},
        {"mirror": "b", "price": "5"},
        {"mirror": "c", "price": "100"},
        {"mirror": "d", "price": "5.00"},
        {"mirror": "e", "price": "0.99"},
        {"mirror": "f", "price": "1000.5"},
    ]
    result = cheapest_first(offers)
    assert [o["mirror"] for o in result] == ["e", "b", "d", "a", "c", "f"], "5 and 5.00 are the same price: keep their order"


def test_cheapest_first_compares_the_cents():
    offers = [{"mirror": "a", "price": "2.50"}, {"mirror": "b", "price": "2.05"}, {"mirror": "c", "price": "2.5"}]
    result = cheapest_first(offers)
    assert [o["mirror"] for o in result] == ["b", "a", "c"], "2.05 is cheaper than 2.50; 2.50 and 2.5 are the same price"


def test_cheapest_first_returns_the_offers_unchanged():
    offers = [{"mirror": "x", "price": "12.50"}, {"mirror": "y", "price": "3"}]
    assert cheapest_first(offers) == [{"mirror": "y", "price": "3"}, {"mirror": "x", "price": "12.50"}]


def dates(posts):
    return [post["date"] for post in posts]


def test_newest_first_example():
    posts = [{"date": "12/31/2023"}, {"date": "01/02/2024"}]
    assert dates(newest_first(posts)) == ["01/02/2024", "12/31/2023"]


def test_newest_first_across_years_and_months():
    posts = [
        {"date": "03/15/2023"},
        {"date": "12/01/2023"},
        {"date": "01/15/2024"},
        {"date": "11/30/2022"},
        {"date": "02/01/2024"},
        {"date": "01/20/2024"},
    ]
    assert dates(newest_first(posts)) == [
        "02/01/2024", "01/20/2024", "01/15/2024", "12/01/2023", "03/15/2023", "11/30/2022",
    ], "the dates are MM/DD/YYYY: compare the year, then the month, then the day, as numbers"


def test_newest_first_keeps_posts_of_the_same_day_in_order():
    posts = [
        {"title": "a", "date": "05/02/2024"},
        {"title": "b", "date": "12/24/2023"},
        {"title": "c", "date": "05/02/2024"},
        {"title": "d", "date": "05/02/2024"},
        {"title": "e", "date": "06/01/2024"},
    ]
    assert [p["title"] for p in newest_first(posts)] == ["e", "a", "c", "d", "b"]


def test_newest_first_returns_the_posts_unchanged():
    posts = [{"title": "old", "date": "09/09/2021"}, {"title": "new", "date": "10/01/2021"}]
    assert newest_first(posts) == [{"title": "new", "date": "10/01/2021"}, {"title": "old", "date": "09/09/2021"}]
