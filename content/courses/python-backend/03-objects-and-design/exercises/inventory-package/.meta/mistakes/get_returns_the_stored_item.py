"""The rules: receiving, shipping, and what the rest of the program may see."""
from dataclasses import replace

from .errors import OutOfStock, UnknownItem
from .models import Item, Movement


class Inventory:
    def __init__(self):
        self._items = {}
        self._movements = []

    def add_item(self, sku, name):
        if sku in self._items:
            raise ValueError(f"there is already an item {sku!r}")
        self._items[sku] = Item(sku, name)
        return self.get(sku)

    def get(self, sku):
        """A copy of the item: changing it does not change the stock."""
        return self._find(sku)

    def receive(self, sku, quantity, note=""):
        item = self._find(sku)
        _check_quantity(quantity)
        item.quantity += quantity
        self._movements.append(Movement(sku, quantity, note))
        return item.quantity

    def ship(self, sku, quantity, note=""):
        item = self._find(sku)
        _check_quantity(quantity)
        if quantity > item.quantity:
            raise OutOfStock(sku, quantity, item.quantity)
        item.quantity -= quantity
        self._movements.append(Movement(sku, -quantity, note))
        return item.quantity

    def movements(self, sku=None):
        return [m for m in self._movements if sku is None or m.sku == sku]

    def low_stock(self, threshold):
        return [replace(item) for sku, item in sorted(self._items.items()) if item.quantity < threshold]

    def _find(self, sku):
        try:
            return self._items[sku]
        except KeyError:
            raise UnknownItem(f"no item {sku!r}") from None


def _check_quantity(quantity):
    if type(quantity) is not int or quantity < 1:
        raise ValueError(f"quantity must be a whole number of at least 1, got {quantity!r}")
