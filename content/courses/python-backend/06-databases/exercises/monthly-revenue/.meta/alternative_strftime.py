def monthly_revenue(conn, year):
    cur = conn.execute(
        "SELECT strftime('%Y-%m', sold_at) m, count(id), total(amount_cents) FROM sales "
        "WHERE NOT refunded AND strftime('%Y', sold_at) = :y GROUP BY 1 ORDER BY 1",
        {"y": str(year)},
    )
    return [(m, n, int(cents)) for m, n, cents in cur]


def best_sellers(conn, min_sales):
    cur = conn.execute(
        "SELECT * FROM (SELECT product, count(*) AS n FROM sales WHERE NOT refunded GROUP BY product) "
        "WHERE n >= :min ORDER BY n DESC, product ASC",
        {"min": min_sales},
    )
    return [tuple(row) for row in cur]
