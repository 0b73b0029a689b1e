def customer_totals(conn):
    sql = """
    WITH per_order AS (
        SELECT order_id, SUM(quantity * unit_price_cents) AS total
        FROM order_lines GROUP BY order_id
    )
    SELECT c.name,
           (SELECT COUNT(*) FROM orders o WHERE o.customer_id = c.id),
           (SELECT IFNULL(SUM(p.total), 0) FROM orders o JOIN per_order p ON p.order_id = o.id
             WHERE o.customer_id = c.id) AS spent
    FROM customers c
    ORDER BY spent DESC, c.name ASC
    """
    return [tuple(row) for row in conn.execute(sql)]
