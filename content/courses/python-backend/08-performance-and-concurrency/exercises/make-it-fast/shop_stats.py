"""The shop's statistics service: correct, and far too slow for this year's data."""


def top_customers(conn, limit):
    """[(name, number of orders, total cents), ...] of the `limit` customers with the highest
    total, highest first, equal totals by name. Customers without orders are left out."""
    rows = []
    for customer_id, name in conn.execute("SELECT id, name FROM customers").fetchall():
        orders = conn.execute("SELECT total_cents FROM orders WHERE customer_id = ?", (customer_id,)).fetchall()
        if orders:
            rows.append((name, len(orders), sum(total for (total,) in orders)))
    rows.sort(key=lambda row: (-row[2], row[0]))
    return rows[:limit]


def returning_customers(customer_ids):
    """The customers who ordered more than once, in the order of their second order.
    `customer_ids` lists the customer of each order, oldest order first."""
    returning = []
    for index, customer in enumerate(customer_ids):
        earlier = customer_ids[:index]
        if customer in earlier and customer not in returning:
            returning.append(customer)
    return returning


def largest_orders(path, k):
    """The `k` largest order totals (cents) in the CSV export at `path`, largest first.
    The export has a header line, then `order_id,customer_id,total_cents` lines."""
    with open(path, encoding="utf-8") as handle:
        lines = handle.read().splitlines()[1:]
    totals = [int(line.split(",")[2]) for line in lines if line.strip()]
    totals.sort(reverse=True)
    return totals[:k]
