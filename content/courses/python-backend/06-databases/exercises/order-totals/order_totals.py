def customer_totals(conn):
    """[(name, number of orders, cents spent)] for every customer, biggest spender first
    (then by name)."""
    return []
