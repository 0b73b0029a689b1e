"""The shop's statistics service, made fast another way."""

from collections import Counter


def top_customers(conn, limit):
    """[(name, number of orders, total cents), ...] of the `limit` customers with the highest
    total, highest first, equal totals by name. Customers without orders are left out."""
    names = dict(conn.execute("SELECT id, name FROM customers").fetchall())
    counts, totals = Counter(), Counter()
    for customer_id, total in conn.execute("SELECT customer_id, total_cents FROM orders"):
        counts[customer_id] += 1
        totals[customer_id] += total
    rows = [(names[cid], counts[cid], totals[cid]) for cid in counts]
    rows.sort(key=lambda row: (-row[2], row[0]))
    return rows[: max(limit, 0)]


def returning_customers(customer_ids):
    """The customers who ordered more than once, in the order of their second order.
    `customer_ids` lists the customer of each order, oldest order first."""
    orders_so_far = Counter()
    returning = []
    for customer in customer_ids:
        orders_so_far[customer] += 1
        if orders_so_far[customer] == 2:
            returning.append(customer)
    return returning


def largest_orders(path, k):
    """The `k` largest order totals (cents) in the CSV export at `path`, largest first.
    The export has a header line, then `order_id,customer_id,total_cents` lines."""
    best = []
    with open(path, encoding="utf-8") as handle:
        handle.readline()
        for line in handle:
            if not line.strip():
                continue
            total = int(line.split(",")[2])
            if len(best) < k:
                best.append(total)
                best.sort(reverse=True)
            elif k and total > best[-1]:
                best[-1] = total
                best.sort(reverse=True)
    return best
