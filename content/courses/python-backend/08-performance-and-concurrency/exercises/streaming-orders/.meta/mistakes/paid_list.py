def read_orders(path):
    """Yield each order of the CSV file at `path` as a dict: {"id": str, "country": str,
    "status": str, "amount": int}. Skips the header line and blank lines."""
    with open(path, encoding="utf-8") as handle:
        next(handle, None)
        for line in handle:
            if not line.strip():
                continue
            order_id, country, status, amount = line.rstrip("\n").split(",")
            yield {"id": order_id, "country": country, "status": status, "amount": int(amount)}


def paid(orders):
    """Yield only the orders whose status is "paid"."""
    return [order for order in orders if order["status"] == "paid"]


def revenue_by_country(path):
    """{country: total amount of its paid orders} for the file at `path`."""
    totals = {}
    for order in paid(read_orders(path)):
        totals[order["country"]] = totals.get(order["country"], 0) + order["amount"]
    return totals
