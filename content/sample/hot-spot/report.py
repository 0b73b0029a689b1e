def customer_name(customers, customer_id):
    """The name of the customer with this id, or None."""
    for customer in customers:
        if customer["id"] == customer_id:
            return customer["name"]
    return None


def revenue_by_customer(orders, customers):
    """Total order amount per customer name (None for an unknown customer id)."""
    totals = {}
    for order in orders:
        name = customer_name(customers, order["customer"])
        totals[name] = totals.get(name, 0) + order["amount"]
    return totals
