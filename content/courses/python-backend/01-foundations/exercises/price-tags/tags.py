def format_price(amount, currency="EUR", decimals=2):
    """The amount with `decimals` decimals and the currency, as text: "3.50 EUR"."""
    print(f"{amount:.{decimals}f} {currency}")


def price_tag(name, price, *, currency="EUR", discount=0):
    """ "Tea: 3.50 EUR", or "Tea: 2.80 EUR (was 3.50 EUR)" when discounted."""
    raise NotImplementedError("build the tag with format_price")


def print_tags(items, *, currency="EUR"):
    """Print one tag per (name, price) pair; return how many were printed."""
    raise NotImplementedError("loop, print, count")
