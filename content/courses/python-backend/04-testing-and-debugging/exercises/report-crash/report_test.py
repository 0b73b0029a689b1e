import pytest

from report import daily_report


def order(order_id, customer, cents):
    return {"id": order_id, "customer": customer, "cents": cents}


def test_no_orders():
    assert daily_report([]) == {"count": 0, "total": 0, "largest": 0, "top_customer": None, "average": 0}


def test_one_order():
    assert daily_report([order("A1", "ada", 1250)]) == {
        "count": 1,
        "total": 1250,
        "largest": 1250,
        "top_customer": "ada",
        "average": 1250,
    }


def test_a_busy_day():
    orders = [
        order("A1", "ada", 1250),
        order("A2", "bo", 4000),
        order("A3", "ada", 3000),
        order("A4", "cy", 999),
    ]
    assert daily_report(orders) == {
        "count": 4,
        "total": 9249,
        "largest": 4000,
        "top_customer": "ada",
        "average": 2312,
    }


def test_the_top_customer_is_the_one_who_spent_most_in_total():
    # ada has the biggest single order, and comes first in the alphabet; bo spent more in total
    orders = [order("A1", "ada", 5000), order("A2", "bo", 3000), order("A3", "bo", 2500)]
    assert daily_report(orders)["top_customer"] == "bo"


def test_a_tie_goes_to_the_name_first_in_the_alphabet():
    orders = [order("A1", "zoe", 700), order("A2", "max", 700)]
    assert daily_report(orders)["top_customer"] == "max"
    assert daily_report(orders[::-1])["top_customer"] == "max", "a tie goes to max, whichever customer ordered first"


@pytest.mark.parametrize(
    "cents, expected",
    [([100, 200], 150), ([100, 101, 103], 101), ([1, 2, 2], 2)],
    ids=["exact", "rounds down", "rounds up"],
)
def test_the_average_is_rounded_to_a_cent(cents, expected):
    orders = [order(f"A{n}", "ada", c) for n, c in enumerate(cents)]
    assert daily_report(orders)["average"] == expected, (
        f"the mean of {cents} is {sum(cents) / len(cents):.2f} cents: round it to the nearest cent"
    )
