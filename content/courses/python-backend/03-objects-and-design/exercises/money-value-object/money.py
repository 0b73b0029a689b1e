"""Money as a value object: an exact amount in cents and a currency, immutable, comparable and
usable as a dict key."""


class Money:
    def __init__(self, cents, currency):
        self.cents = cents
        self.currency = currency
        # TODO: check both, and make the object immutable

    # TODO: __repr__, __str__, __eq__, __hash__, __add__, __sub__, __neg__, __mul__, __rmul__,
    # and the comparisons (<, <=, >, >=)
