def monthly_revenue(conn, year):
    """[(month 'YYYY-MM', sales, revenue_cents)] for the months of `year` with sales (refunds
    excluded), in calendar order."""
    return []


def best_sellers(conn, min_sales):
    """[(product, sales)] for products sold at least `min_sales` times (refunds excluded), most
    sold first, then by name."""
    return []
