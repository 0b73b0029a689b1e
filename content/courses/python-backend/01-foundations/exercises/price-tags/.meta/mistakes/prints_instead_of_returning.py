def format_price(amount, currency="EUR", decimals=2):
    """The amount with `decimals` decimals and the currency, as text: "3.50 EUR"."""
    print(f"{amount:.{decimals}f} {currency}")


def price_tag(name, price, *, currency="EUR", discount=0):
    """ "Tea: 3.50 EUR", or "Tea: 2.80 EUR (was 3.50 EUR)" when discounted."""
    old = format_price(price, currency)
    if discount > 0:
        new = format_price(price * (1 - discount), currency)
        return f"{name}: {new} (was {old})"
    return f"{name}: {old}"


def print_tags(items, *, currency="EUR"):
    """Print one tag per (name, price) pair; return how many were printed."""
    count = 0
    for name, price in items:
        print(price_tag(name, price, currency=currency))
        count += 1
    return count
