def _pct(cents, rate):
    whole, rest = divmod(cents * rate, 100)
    return whole + (1 if rest >= 50 else 0)


def _lines_with_bulk(lines):
    for item in lines:
        qty = item["quantity"]
        if qty < 1:
            raise ValueError(f"{item['sku']}: the quantity must be at least 1, got {qty}")
        cost = item["unit_cents"] * qty
        yield cost, (_pct(cost, 10) if qty >= 10 else 0)


def _coupon_cut(coupon, goods):
    if coupon is None:
        return 0
    if coupon == "SAVE10":
        return _pct(goods, 10)
    if coupon == "FIVEOFF":
        return 500 if goods >= 2000 else 0
    raise ValueError(f"unknown coupon: {coupon}")


def price_order(lines, coupon=None):
    if not lines:
        raise ValueError("an order needs at least one line")
    costs = list(_lines_with_bulk(lines))
    gross = sum(cost for cost, _ in costs)
    bulk = sum(cut for _, cut in costs)
    cut = _coupon_cut(coupon, gross - bulk)
    net = gross - bulk - cut
    delivery = 499 if net < 5000 else 0
    vat = _pct(net + delivery, 5)
    return {
        "subtotal": gross,
        "discount": bulk + cut,
        "shipping": delivery,
        "tax": vat,
        "total": net + delivery + vat,
    }
