import csv
from collections import defaultdict


def read_orders(path):
    """Yield each order of the CSV file at `path` as a dict: {"id": str, "country": str,
    "status": str, "amount": int}. Skips the header line and blank lines."""
    with open(path, newline="", encoding="utf-8") as handle:
        rows = csv.reader(handle)
        next(rows, None)
        for row in rows:
            if not "".join(row).strip():
                continue
            yield {"id": row[0], "country": row[1], "status": row[2], "amount": int(row[3])}


def paid(orders):
    """Yield only the orders whose status is "paid"."""
    for order in orders:
        if order["status"] == "paid":
            yield order


def revenue_by_country(path):
    """{country: total amount of its paid orders} for the file at `path`."""
    totals = defaultdict(int)
    for order in paid(read_orders(path)):
        totals[order["country"]] += order["amount"]
    return dict(totals)
