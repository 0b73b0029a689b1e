def revenue_by_customer(orders, customers):
    """Total order amount per customer name (None for an unknown customer id)."""
    names = {customer["id"]: customer["name"] for customer in customers}
    totals = {}
    for order in orders:
        name = names.get(order["customer"])
        totals[name] = totals.get(name, 0) + order["amount"]
    return totals
