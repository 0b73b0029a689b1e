UPSERT_ADD = (
    "INSERT INTO stock VALUES (:sku, :qty, :at) "
    "ON CONFLICT (sku) DO UPDATE SET quantity = quantity + excluded.quantity, counted_at = excluded.counted_at"
)
UPSERT_COUNT = (
    "INSERT INTO stock VALUES (:sku, :qty, :at) "
    "ON CONFLICT (sku) DO UPDATE SET (quantity, counted_at) = (excluded.quantity, excluded.counted_at) "
    "WHERE stock.counted_at < excluded.counted_at "
    "RETURNING sku"
)


def receive(conn, deliveries, when):
    try:
        for sku, qty in deliveries:
            conn.execute(UPSERT_ADD, {"sku": sku, "qty": qty, "at": when})
    except BaseException:
        conn.rollback()
        raise
    conn.commit()


def record_count(conn, sku, quantity, counted_at):
    stored = conn.execute(UPSERT_COUNT, {"sku": sku, "qty": quantity, "at": counted_at}).fetchall()
    conn.commit()
    return len(stored) > 0
