def customer_totals(conn):
    """[(name, number of orders, cents spent)] for every customer, biggest spender first
    (then by name)."""
    return conn.execute(
        """
        SELECT customers.name,
               COUNT(DISTINCT orders.id),
               COALESCE(SUM(order_lines.quantity * order_lines.unit_price_cents), 0) AS spent
        FROM customers
        LEFT JOIN orders ON orders.customer_id = customers.id
        LEFT JOIN order_lines ON order_lines.order_id = orders.id
        GROUP BY customers.id
        ORDER BY spent DESC, customers.name
        """
    ).fetchall()
