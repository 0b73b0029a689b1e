def monthly_revenue(conn, year):
    """[(month 'YYYY-MM', sales, revenue_cents)] for the months of `year` with sales (refunds
    excluded), in calendar order."""
    return conn.execute(
        """
        SELECT substr(sold_at, 1, 7) AS month, COUNT(*), SUM(amount_cents)
        FROM sales
        WHERE refunded = 0 AND sold_at >= ? AND sold_at <= ?
        GROUP BY month
        ORDER BY month
        """,
        (f"{year:04d}-01-01", f"{year:04d}-12-31"),
    ).fetchall()


def best_sellers(conn, min_sales):
    """[(product, sales)] for products sold at least `min_sales` times (refunds excluded), most
    sold first, then by name."""
    return conn.execute(
        """
        SELECT product, COUNT(*) AS sold
        FROM sales
        WHERE refunded = 0
        GROUP BY product
        HAVING COUNT(*) >= ?
        ORDER BY sold DESC, product
        """,
        (min_sales,),
    ).fetchall()
