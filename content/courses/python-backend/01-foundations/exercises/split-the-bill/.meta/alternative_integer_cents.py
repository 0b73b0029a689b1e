import decimal
from decimal import Decimal


def to_money(value):
    if type(value) is float:
        raise TypeError("floats are not exact: pass a str or a Decimal")
    number = value
    if isinstance(value, str):
        try:
            number = Decimal(value.strip())
        except decimal.InvalidOperation:
            raise ValueError(f"not an amount: {value!r}") from None
    if number.is_nan() or number.is_infinite():
        raise ValueError(f"not an amount: {value!r}")
    return _cents_to_decimal(_to_cents(number, value))


def _to_cents(amount, shown):
    cents = amount * 100
    if cents != cents.to_integral_value():
        raise ValueError(f"more than two decimal places: {str(shown)!r}")
    return int(cents)


def _cents_to_decimal(cents):
    sign = "-" if cents < 0 else ""
    whole, rest = divmod(abs(cents), 100)
    return Decimal(f"{sign}{whole}.{rest:02d}")


def total(prices):
    return _cents_to_decimal(sum(_to_cents(to_money(p), p) for p in prices))


def add_tax(amount, rate):
    exact = to_money(amount) * (1 + Decimal(rate)) * 100
    cents = int(exact.to_integral_value(rounding=decimal.ROUND_HALF_UP))
    return _cents_to_decimal(cents)


def split(amount, people):
    if not isinstance(people, int) or isinstance(people, bool) or people <= 0:
        raise ValueError(f"people must be a whole number of at least 1, got {people!r}")
    cents = _to_cents(to_money(amount), amount)
    base = cents // people
    shares = [base] * people
    for i in range(cents - base * people):
        shares[i] += 1
    return [_cents_to_decimal(c) for c in shares]
