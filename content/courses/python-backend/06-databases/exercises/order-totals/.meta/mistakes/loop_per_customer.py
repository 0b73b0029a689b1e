def customer_totals(conn):
    result = []
    for customer_id, name in conn.execute("SELECT id, name FROM customers").fetchall():
        orders = conn.execute("SELECT COUNT(*) FROM orders WHERE customer_id = ?", (customer_id,)).fetchone()[0]
        spent = conn.execute(
            "SELECT COALESCE(SUM(quantity * unit_price_cents), 0) FROM order_lines "
            "JOIN orders ON orders.id = order_id WHERE customer_id = ?",
            (customer_id,),
        ).fetchone()[0]
        result.append((name, orders, spent))
    result.sort(key=lambda row: (-row[2], row[0]))
    return result
