class Converter:
    """Converts amounts to euros with rates from `fetch_rate(currency)`, a slow call to the
    rates service that answers how many euros one unit of `currency` is worth."""

    def __init__(self, fetch_rate):
        self._fetch = fetch_rate
        self._known = {}

    def _rate(self, currency):
        if currency not in self._known:
            self._known[currency] = self._fetch(currency)
        return self._known[currency]

    def to_euros(self, amount, currency):
        """`amount` of `currency` in euros, rounded to cents. Asks the service once per currency."""
        return round(amount * self._rate(currency), 2)

    def refresh(self):
        """Forget the cached rates: the next conversions ask the service again."""
        self._known = {}
