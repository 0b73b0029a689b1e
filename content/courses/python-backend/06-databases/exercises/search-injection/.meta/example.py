CAUSE = (
    "The user's text was pasted into the SQL string, so a quote in it ended the string literal "
    "and the rest was read as SQL; passing values as parameters keeps them data, never code."
)


def search_products(conn, text, max_price_cents=None):
    """Names of the listed products whose name contains `text` (any case), alphabetical; only
    those costing at most `max_price_cents` when it is given."""
    sql = "SELECT name FROM products WHERE listed = 1 AND name LIKE ?"
    params = [f"%{text}%"]
    if max_price_cents is not None:
        sql += " AND price_cents <= ?"
        params.append(max_price_cents)
    sql += " ORDER BY name"
    return [name for (name,) in conn.execute(sql, params).fetchall()]
