CAUSE = "string formatting let user input become SQL"


def search_products(conn, text, max_price_cents=None):
    rows = conn.execute(
        """
        SELECT name FROM products
        WHERE listed = 1
          AND instr(lower(name), lower(:text)) > 0
          AND (:max IS NULL OR price_cents <= :max)
        ORDER BY name
        """,
        {"text": text, "max": max_price_cents},
    )
    return [row[0] for row in rows]
