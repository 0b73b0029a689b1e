"""The exceptions of the inventory package. This module imports nothing from the package."""


class UnknownItem(Exception):  # TODO: which built-in exception is it a kind of?
    """No item has that SKU."""


class OutOfStock(Exception):  # TODO: which built-in exception is it a kind of?
    """Shipping more than is in stock."""

    def __init__(self, sku, requested, available):
        # TODO: the message, and the attributes sku, requested and available
        super().__init__("out of stock")
