"""Prices an order at checkout. All amounts are whole cents (int)."""

BULK_QUANTITY = 10         # a line with at least this many units...
BULK_PERCENT = 10          # ...gets this many percent off that line
FIVEOFF_CENTS = 500        # the FIVEOFF coupon takes 500 cents off...
FIVEOFF_MINIMUM = 2000     # ...when the goods cost at least this much
FREE_SHIPPING_FROM = 5000  # goods costing at least this much ship for free
SHIPPING_CENTS = 499
TAX_PERCENT = 5


def percent_of(amount, percent):
    """`percent` % of `amount` cents, rounded to the nearest cent; a half cent rounds up."""
    return (amount * percent + 50) // 100


def price_order(lines, coupon=None):
    """Price an order. `lines` is a list of {"sku": str, "unit_cents": int, "quantity": int}.

    Returns {"subtotal", "discount", "shipping", "tax", "total"}, computed in this order:
    1. subtotal: the sum of unit_cents * quantity over the lines.
    2. Bulk discount: each line with a quantity of at least BULK_QUANTITY gets BULK_PERCENT %
       off that line.
    3. Coupon, applied to the goods after the bulk discount:
       "SAVE10" takes 10 % off; "FIVEOFF" takes FIVEOFF_CENTS off if the goods cost at least
       FIVEOFF_MINIMUM (below that it does nothing). Any other coupon raises ValueError.
    4. discount: bulk discount + coupon discount. The goods now cost subtotal - discount.
    5. shipping: free when the goods cost at least FREE_SHIPPING_FROM, else SHIPPING_CENTS.
    6. tax: TAX_PERCENT % of (goods + shipping).
    7. total: goods + shipping + tax.
    Every percentage is rounded to the nearest cent, a half cent rounding up (see percent_of).

    An empty order, or a line whose quantity is below 1, raises ValueError.
    """
    if not lines:
        raise ValueError("an order needs at least one line")
    subtotal = 0
    bulk_discount = 0
    for line in lines:
        quantity = line["quantity"]
        if quantity < 1:
            raise ValueError(f"{line['sku']}: the quantity must be at least 1, got {quantity}")
        amount = line["unit_cents"] * quantity
        subtotal += amount
        if quantity >= BULK_QUANTITY:
            bulk_discount += percent_of(amount, BULK_PERCENT)

    goods = subtotal - bulk_discount
    if coupon is None:
        coupon_discount = 0
    elif coupon == "SAVE10":
        coupon_discount = percent_of(goods, 10)
    elif coupon == "FIVEOFF":
        coupon_discount = FIVEOFF_CENTS if goods >= FIVEOFF_MINIMUM else 0
    else:
        raise ValueError(f"unknown coupon: {coupon}")
    goods -= coupon_discount

    shipping = 0 if goods >= FREE_SHIPPING_FROM else SHIPPING_CENTS
    tax = percent_of(goods + shipping, TAX_PERCENT)
    return {
        "subtotal": subtotal,
        "discount": coupon_discount,
        "shipping": shipping,
        "tax": tax,
        "total": goods + shipping + tax,
    }
