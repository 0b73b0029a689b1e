def receive(conn, deliveries, when):
    """Adds each (sku, quantity) to the stock (creating new products), counted_at = when."""
    for sku, quantity in deliveries:
        row = conn.execute("SELECT quantity FROM stock WHERE sku = ?", (sku,)).fetchone()
        if row is None:
            conn.execute("INSERT INTO stock (sku, quantity, counted_at) VALUES (?, ?, ?)", (sku, quantity, when))
        else:
            conn.execute("UPDATE stock SET quantity = ?, counted_at = ? WHERE sku = ?", (quantity, when, sku))
    conn.commit()


def record_count(conn, sku, quantity, counted_at):
    """Stores a shelf count unless the row holds a later one; True if stored."""
    raise NotImplementedError
