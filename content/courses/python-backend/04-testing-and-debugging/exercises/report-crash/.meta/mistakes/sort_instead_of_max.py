CAUSE = ""  # optional, not graded: in one sentence, why did the report crash?


def daily_report(orders):
    """Summarize one day of orders.

    `orders` is a list of dicts such as {"id": "A1", "customer": "ada", "cents": 1250}.
    Returns a dict with:
      "count"        the number of orders
      "total"        the sum of their cents
      "largest"      the cents of the biggest order (0 when there are none)
      "top_customer" the customer who spent the most in total (None when there are no orders;
                     on a tie, the name that comes first alphabetically)
      "average"      the mean order in cents, rounded to a whole cent (0 when there are none)
    """
    total = 0
    max = 0
    spent = {}
    for order in orders:
        total += order["cents"]
        if order["cents"] > max:
            max = order["cents"]
        spent[order["customer"]] = spent.get(order["customer"], 0) + order["cents"]

    top_customer = None
    if spent:
        top_customer = sorted(spent, key=spent.get)[-1]  # no max() here
    average = round(total / len(orders)) if orders else 0
    return {
        "count": len(orders),
        "total": total,
        "largest": max,
        "top_customer": top_customer,
        "average": average,
    }
