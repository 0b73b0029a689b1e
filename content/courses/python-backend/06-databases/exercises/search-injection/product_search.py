CAUSE = ""  # optional, not graded: in one sentence, why does one apostrophe break the search?


def search_products(conn, text, max_price_cents=None):
    """Names of the listed products whose name contains `text` (any case), alphabetical; only
    those costing at most `max_price_cents` when it is given."""
    sql = f"SELECT name FROM products WHERE listed = 1 AND name LIKE '%{text}%'"
    if max_price_cents is not None:
        sql += f" AND price_cents <= {max_price_cents}"
    sql += " ORDER BY name"
    return [name for (name,) in conn.execute(sql).fetchall()]
