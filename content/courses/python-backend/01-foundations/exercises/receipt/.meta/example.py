def _number(text, convert, what, number):
    try:
        value = convert(text)
    except ValueError:
        raise ValueError(f"line {number}: bad {what} {text!r}") from None
    if value < 0:
        raise ValueError(f"line {number}: bad {what} {text!r}")
    return value


def parse_line(line, number):
    """Parse 'name, quantity, price' into (name, quantity, price); ValueError if the line is wrong."""
    fields = [field.strip() for field in line.split(",")]
    if len(fields) != 3:
        raise ValueError(f"line {number}: expected 'name, quantity, price'")
    name, quantity_text, price_text = fields
    if not name:
        raise ValueError(f"line {number}: missing name")
    quantity = 1 if quantity_text == "" else _number(quantity_text, int, "quantity", number)
    price = _number(price_text, float, "price", number)
    return name, quantity, price


def receipt(text):
    """Parse every non-blank line; return {'items': [...], 'count': ..., 'total': ...}."""
    items = []
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            items.append(parse_line(line, number))
    count = sum(quantity for _, quantity, _ in items)
    total = round(sum(quantity * price for _, quantity, price in items), 2)
    return {"items": items, "count": count, "total": total}
