def receive(conn, deliveries, when):
    """Adds each (sku, quantity) to the stock (creating new products), counted_at = when."""
    with conn:
        conn.executemany(
            """
            INSERT INTO stock (sku, quantity, counted_at) VALUES (?, ?, ?)
            ON CONFLICT (sku) DO UPDATE
            SET quantity = stock.quantity + excluded.quantity, counted_at = excluded.counted_at
            """,
            [(sku, quantity, when) for sku, quantity in deliveries],
        )


def record_count(conn, sku, quantity, counted_at):
    """Stores a shelf count unless the row holds a later one; True if stored."""
    with conn:
        cursor = conn.execute(
            """
            INSERT INTO stock (sku, quantity, counted_at) VALUES (?, ?, ?)
            ON CONFLICT (sku) DO UPDATE
            SET quantity = excluded.quantity, counted_at = excluded.counted_at
            """,
            (sku, quantity, counted_at),
        )
        return cursor.rowcount == 1
