from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")


def to_money(value):
    """value (a str or a Decimal) as a Decimal with exactly two decimal places."""
    raise NotImplementedError


def total(prices):
    """The exact sum of prices (strs or Decimals), with two decimal places."""
    raise NotImplementedError


def add_tax(amount, rate):
    """amount plus rate (a str such as "0.2"), rounded half up to the cent."""
    raise NotImplementedError


def split(amount, people):
    """amount shared by people: a list of amounts in cents that add up to amount exactly."""
    raise NotImplementedError
