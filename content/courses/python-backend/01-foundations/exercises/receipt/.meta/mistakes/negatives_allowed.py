def _number(text, convert, what, number):
    try:
        value = convert(text)
    except ValueError:
        raise ValueError(f"line {number}: bad {what} {text!r}") from None
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
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            items.append(parse_line(line, number))
    count = sum(quantity for _, quantity, _ in items)
    total = round(sum(quantity * price for _, quantity, price in items), 2)
    return {"items": items, "count": count, "total": total}


def checkout(text):
    """One line for the shop assistant: "3 items, total 11.00", "no items" or "error: ..."."""
    try:
        result = receipt(text)
    except ValueError as error:
        return f"error: {error}"
    count = result["count"]
    if count == 0:
        return "no items"
    word = "item" if count == 1 else "items"
    return f"{count} {word}, total {result['total']:.2f}"
