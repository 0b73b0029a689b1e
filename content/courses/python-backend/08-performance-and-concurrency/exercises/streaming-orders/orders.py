def read_orders(path):
    """Yield each order of the CSV file at `path` as a dict: {"id": str, "country": str,
    "status": str, "amount": int}. Skips the header line and blank lines."""
    raise NotImplementedError("a generator: open the file, loop over its lines, yield one dict each")


def paid(orders):
    """Yield only the orders whose status is "paid"."""
    raise NotImplementedError


def revenue_by_country(path):
    """{country: total amount of its paid orders} for the file at `path`."""
    raise NotImplementedError("chain the two generators, then add up")
