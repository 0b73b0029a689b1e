from pydojo_harness import perf
from report import revenue_by_customer

SIZES = [50, 100, 200, 400]
# The reference's line count (measured by `pydojo check` on CPython 3.11, stored here).
REFERENCE = {"class": "linear", "series": {50: 180, 100: 355, 200: 705, 400: 1405}}


def shop(n):
    customers = [{"id": i, "name": f"customer {i}"} for i in range(n // 2)]
    orders = [{"customer": (i * 7) % (n // 2), "amount": i % 50 + 1} for i in range(n)]
    return [orders, customers]


def test_the_example():
    orders = [{"customer": 1, "amount": 30}, {"customer": 2, "amount": 5}, {"customer": 1, "amount": 12}]
    customers = [{"id": 1, "name": "Ada"}, {"id": 2, "name": "Bo"}]
    assert revenue_by_customer(orders, customers) == {"Ada": 42, "Bo": 5}


def test_unknown_customers_count_under_none():
    assert revenue_by_customer([{"customer": 9, "amount": 3}], [{"id": 1, "name": "Ada"}]) == {None: 3}


def test_no_orders():
    assert revenue_by_customer([], [{"id": 1, "name": "Ada"}]) == {}


def test_where_the_time_goes():
    totals, rows = perf.profile(revenue_by_customer, *shop(2000), label="revenue_by_customer() on 2,000 orders")
    assert len(totals) == 1000
    assert rows, "the profile has at least one row"


def test_work_grows_linearly():
    result = perf.growth(revenue_by_customer, shop, SIZES, spread=True, reference=REFERENCE)
    perf.assert_growth_at_most(
        result,
        "linear",
        hint="Which function does the profile show called once per order, doing a loop of its own each time?",
    )
