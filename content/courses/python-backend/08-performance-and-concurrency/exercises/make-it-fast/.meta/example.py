"""The shop's statistics service: correct, and far too slow for this year's data."""

import heapq


def top_customers(conn, limit):
    """[(name, number of orders, total cents), ...] of the `limit` customers with the highest
    total, highest first, equal totals by name. Customers without orders are left out."""
    return conn.execute(
        """
        SELECT c.name, COUNT(*), SUM(o.total_cents) AS total
        FROM customers AS c JOIN orders AS o ON o.customer_id = c.id
        GROUP BY c.id
        ORDER BY total DESC, c.name
        LIMIT ?
        """,
        (limit,),
    ).fetchall()


def returning_customers(customer_ids):
    """The customers who ordered more than once, in the order of their second order.
    `customer_ids` lists the customer of each order, oldest order first."""
    seen = set()
    reported = set()
    returning = []
    for customer in customer_ids:
        if customer in seen:
            if customer not in reported:
                reported.add(customer)
                returning.append(customer)
        else:
            seen.add(customer)
    return returning


def _totals(path):
    with open(path, encoding="utf-8") as handle:
        next(handle, None)
        for line in handle:
            if line.strip():
                yield int(line.split(",")[2])


def largest_orders(path, k):
    """The `k` largest order totals (cents) in the CSV export at `path`, largest first.
    The export has a header line, then `order_id,customer_id,total_cents` lines."""
    return heapq.nlargest(k, _totals(path))
