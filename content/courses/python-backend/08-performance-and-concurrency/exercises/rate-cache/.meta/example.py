import functools


class Converter:
    """Converts amounts to euros with rates from `fetch_rate(currency)`, a slow call to the
    rates service that answers how many euros one unit of `currency` is worth."""

    def __init__(self, fetch_rate):
        # One cache per converter, keyed by currency only.
        self._rate = functools.lru_cache(maxsize=None)(fetch_rate)

    def to_euros(self, amount, currency):
        """`amount` of `currency` in euros, rounded to cents. Asks the service once per currency."""
        return round(amount * self._rate(currency), 2)

    def refresh(self):
        """Forget the cached rates: the next conversions ask the service again."""
        self._rate.cache_clear()
