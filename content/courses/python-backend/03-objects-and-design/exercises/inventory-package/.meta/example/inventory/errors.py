"""The exceptions of the inventory package. This module imports nothing from the package."""


class UnknownItem(LookupError):
    """No item has that SKU."""


class OutOfStock(ValueError):
    """Shipping more than is in stock."""

    def __init__(self, sku, requested, available):
        super().__init__(f"cannot ship {requested} of {sku!r}: only {available} in stock")
        self.sku = sku
        self.requested = requested
        self.available = available
