import pytest

from pydojo_harness import perf
from orders import paid, read_orders, revenue_by_country

LIMIT = 512 * 1024
# The reference's peak on the big export, shown beside yours (CPython 3.11).
REFERENCE_PEAK = 23_500
COUNTRIES = ["FR", "DE", "NL", "IT", "ES", "PL"]
STATUSES = ["paid", "paid", "refunded", "paid", "pending"]


def write_export(folder, rows, header="id,country,status,amount_cents"):
    path = folder / "orders.csv"
    path.write_text(header + "\n" + "".join(row + "\n" for row in rows), encoding="utf-8")
    return str(path)


def test_read_orders(tmp_path):
    path = write_export(tmp_path, ["A1,FR,paid,1999", "A2,DE,refunded,500"])
    assert list(read_orders(path)) == [
        {"id": "A1", "country": "FR", "status": "paid", "amount": 1999},
        {"id": "A2", "country": "DE", "status": "refunded", "amount": 500},
    ]


def test_the_header_is_any_first_line(tmp_path):
    path = write_export(tmp_path, ["B7,IT,paid,100"], header="order,country,state,cents")
    message = "the first line is the header, whatever its column names: skip the first line, not lines that look like one"
    try:
        orders = list(read_orders(path))
    except ValueError as error:
        pytest.fail(f"{message} (the header was read as an order: {error})")
    assert orders == [{"id": "B7", "country": "IT", "status": "paid", "amount": 100}], message


def test_blank_lines_are_skipped(tmp_path):
    path = write_export(tmp_path, ["", "A1,FR,paid,10", "   ", "A2,FR,paid,5", ""])
    assert [order["id"] for order in read_orders(path)] == ["A1", "A2"]


def test_read_orders_is_lazy(tmp_path):
    path = write_export(tmp_path, ["A1,FR,paid,10"])
    orders = read_orders(path)
    assert iter(orders) is orders, (
        "read_orders() returned a list or another container: make it a generator (yield), so the "
        "rows are read one at a time as the caller asks for them"
    )


def test_paid_is_lazy():
    orders = paid(iter([{"status": "paid"}, {"status": "pending"}, {"status": "paid"}]))
    assert iter(orders) is orders, (
        "paid() returned a list: every paid order of the export was in memory at once. Yield "
        "them (or return a generator expression) so each order flows through the pipeline alone"
    )
    assert list(orders) == [{"status": "paid"}, {"status": "paid"}]


def test_revenue_by_country(tmp_path):
    path = write_export(
        tmp_path,
        ["A1,FR,paid,1000", "A2,FR,refunded,700", "A3,DE,paid,250", "A4,FR,paid,5", "A5,NL,pending,80"],
    )
    assert revenue_by_country(path) == {"FR": 1005, "DE": 250}


def test_an_export_without_orders(tmp_path):
    assert revenue_by_country(write_export(tmp_path, [])) == {}


def test_streams_a_big_export(tmp_path):
    n = 60_000
    rows = [f"X{i},{COUNTRIES[i % 6]},{STATUSES[i % 5]},{(i * 37) % 10_000}" for i in range(n)]
    path = write_export(tmp_path, rows)
    expected = {}
    for i in range(n):
        if STATUSES[i % 5] == "paid":
            expected[COUNTRIES[i % 6]] = expected.get(COUNTRIES[i % 6], 0) + (i * 37) % 10_000
    totals, peak = perf.peak_memory(
        revenue_by_country, path, label="revenue_by_country() on a 1.5 MB export", reference=REFERENCE_PEAK
    )
    assert totals == expected
    perf.assert_peak_memory_at_most(
        peak,
        LIMIT,
        what="revenue_by_country() on a 1.5 MB export",
        hint="Does a step of the pipeline hold every line or every order at once (readlines(), "
        "read(), a list)? Each step should handle one order and pass it on.",
    )
