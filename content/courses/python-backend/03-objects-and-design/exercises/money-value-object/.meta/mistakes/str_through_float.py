"""Money as a value object: an exact amount in cents and a currency, immutable, comparable and
usable as a dict key."""
from functools import total_ordering


@total_ordering
class Money:
    __slots__ = ("_cents", "_currency")

    def __init__(self, cents, currency):
        if type(cents) is not int:
            raise TypeError(f"cents must be an int, got {type(cents).__name__}")
        if not (isinstance(currency, str) and len(currency) == 3 and currency.isascii()
                and currency.isalpha() and currency.isupper()):
            raise ValueError(f"currency must be a code of 3 capital letters such as 'EUR', got {currency!r}")
        # __slots__ has no room for other attributes, and __setattr__ below refuses these two:
        object.__setattr__(self, "_cents", cents)
        object.__setattr__(self, "_currency", currency)

    @property
    def cents(self):
        return self._cents

    @property
    def currency(self):
        return self._currency

    def __setattr__(self, name, value):
        raise AttributeError(f"Money is immutable: cannot set {name!r}")

    def __delattr__(self, name):
        raise AttributeError(f"Money is immutable: cannot delete {name!r}")

    def __repr__(self):
        return f"Money({self._cents!r}, {self._currency!r})"

    def __str__(self):
        return f"{self._cents / 100:.2f} {self._currency}"

    def __eq__(self, other):
        if not isinstance(other, Money):
            return NotImplemented
        return (self._cents, self._currency) == (other._cents, other._currency)

    def __hash__(self):
        return hash((self._cents, self._currency))  # the same fields as __eq__

    def _same_currency(self, other, verb):
        if self._currency != other._currency:
            raise ValueError(f"cannot {verb} {self._currency} and {other._currency}")

    def __add__(self, other):
        if not isinstance(other, Money):
            return NotImplemented
        self._same_currency(other, "add")
        return Money(self._cents + other._cents, self._currency)

    def __sub__(self, other):
        if not isinstance(other, Money):
            return NotImplemented
        self._same_currency(other, "subtract")
        return Money(self._cents - other._cents, self._currency)

    def __neg__(self):
        return Money(-self._cents, self._currency)

    def __mul__(self, factor):
        if type(factor) is not int:
            return NotImplemented
        return Money(self._cents * factor, self._currency)

    __rmul__ = __mul__

    def __lt__(self, other):
        if not isinstance(other, Money):
            return NotImplemented
        self._same_currency(other, "compare")
        return self._cents < other._cents
