def receive(conn, deliveries, when):
    """Adds each (sku, quantity) to the stock (creating new products), counted_at = when."""
    with conn:
        for sku, quantity in deliveries:
            if conn.execute("SELECT 1 FROM stock WHERE sku = ?", (sku,)).fetchone():
                conn.execute(
                    "UPDATE stock SET quantity = quantity + ?, counted_at = ? WHERE sku = ?", (quantity, when, sku)
                )
            else:
                conn.execute("INSERT INTO stock (sku, quantity, counted_at) VALUES (?, ?, ?)", (sku, quantity, when))


def record_count(conn, sku, quantity, counted_at):
    """Stores a shelf count unless the row holds a later one; True if stored."""
    with conn:
        cursor = conn.execute(
            """
            INSERT INTO stock (sku, quantity, counted_at) VALUES (?, ?, ?)
            ON CONFLICT (sku) DO UPDATE
            SET quantity = excluded.quantity, counted_at = excluded.counted_at
            WHERE excluded.counted_at > stock.counted_at
            """,
            (sku, quantity, counted_at),
        )
        return cursor.rowcount == 1
