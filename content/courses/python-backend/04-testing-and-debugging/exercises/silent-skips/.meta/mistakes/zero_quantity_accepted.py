CAUSE = (
    "The except Exception clause was too broad: it swallowed the TypeError from "
    "PRICES[product][\"cents\"] and the KeyError for unknown products, so real bugs were "
    "silently counted as malformed lines instead of ValueError only."
)

# Price of each product, in cents.
PRICES = {"apple": 50, "pear": 65, "plum": 30, "fig": 120}


def load_orders(lines):
    """Parse order lines "customer,product,quantity" from the shop's nightly export.

    Returns (orders, skipped). `orders` is a list of dicts
    {"customer": str, "product": str, "quantity": int, "cents": quantity * price}, in the order
    of the lines; spaces around the fields are ignored.

    A malformed line is skipped and counted in `skipped`: a line without exactly 3 fields, or
    whose quantity is not a whole number of at least 1.

    A product that is not in PRICES is NOT a malformed line: it means the price list is out of
    date, so load_orders raises KeyError and the import stops, rather than dropping paid orders.
    """
    orders = []
    skipped = 0
    for line in lines:
        try:
            customer, product, quantity = (field.strip() for field in line.split(","))
            quantity = int(quantity)
            if quantity < 0:
                raise ValueError(f"quantity must be at least 1, got {quantity}")
        except ValueError:  # wrong number of fields, or a bad quantity
            skipped += 1
            continue
        orders.append({
            "customer": customer,
            "product": product,
            "quantity": quantity,
            "cents": quantity * PRICES[product],
        })
    return orders, skipped
