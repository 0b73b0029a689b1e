def _round_percent(value, pct):
    return -(-(value * pct - 49) // 100)


class _Receipt:
    def __init__(self):
        self.subtotal = 0
        self.bulk = 0

    def add(self, item):
        count = item["quantity"]
        if count < 1:
            raise ValueError(f"{item['sku']}: the quantity must be at least 1, got {count}")
        line_total = item["unit_cents"] * count
        self.subtotal += line_total
        if count >= 10:
            self.bulk += _round_percent(line_total, 10)


def price_order(lines, coupon=None):
    if not lines:
        raise ValueError("an order needs at least one line")
    receipt = _Receipt()
    for item in lines:
        receipt.add(item)
    after_bulk = receipt.subtotal - receipt.bulk
    if coupon == "SAVE10":
        coupon_cut = _round_percent(after_bulk, 10)
    elif coupon == "FIVEOFF":
        coupon_cut = 500 if after_bulk >= 2000 else 0
    elif coupon is not None:
        raise ValueError(f"unknown coupon: {coupon}")
    else:
        coupon_cut = 0
    goods = after_bulk - coupon_cut
    shipping = 0
    if goods < 5000:
        shipping = 499
    tax = _round_percent(goods + shipping, 5)
    return {
        "subtotal": receipt.subtotal,
        "discount": receipt.bulk + coupon_cut,
        "shipping": shipping,
        "tax": tax,
        "total": goods + shipping + tax,
    }
