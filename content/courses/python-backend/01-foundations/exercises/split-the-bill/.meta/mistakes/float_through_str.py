from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")


def to_money(value):
    """value (a str or a Decimal) as a Decimal with exactly two decimal places."""
    if isinstance(value, float):
        value = str(value)
    try:
        amount = Decimal(value.strip() if isinstance(value, str) else value)
    except (InvalidOperation, TypeError):
        raise ValueError(f"not an amount: {value!r}") from None
    if not amount.is_finite():
        raise ValueError(f"not an amount: {value!r}")
    if amount != amount.quantize(CENT):
        raise ValueError(f"more than two decimal places: {value!r}")
    return amount.quantize(CENT)


def total(prices):
    """The exact sum of prices (strs or Decimals), with two decimal places."""
    return sum((to_money(price) for price in prices), Decimal("0.00"))


def add_tax(amount, rate):
    """amount plus rate (a str such as "0.2"), rounded half up to the cent."""
    return (to_money(amount) * (1 + Decimal(rate))).quantize(CENT, rounding=ROUND_HALF_UP)


def split(amount, people):
    """amount shared by people: a list of amounts in cents that add up to amount exactly."""
    if type(people) is not int or people < 1:
        raise ValueError(f"people must be a whole number of at least 1, got {people!r}")
    cents = int(to_money(amount) * 100)
    share, extra = divmod(cents, people)
    return [(Decimal(share + (1 if i < extra else 0)) / 100).quantize(CENT) for i in range(people)]
