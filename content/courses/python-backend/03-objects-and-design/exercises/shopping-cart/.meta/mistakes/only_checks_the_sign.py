class Cart:
    """A shopping cart: how many of each SKU one customer wants."""

    def __init__(self, owner):
        self.owner = owner
        self._items = {}  # created here, so every cart has its own dict

    def add(self, sku, quantity=1):
        """Add `quantity` of `sku`; return the cart so calls can be chained."""
        _check_quantity(quantity)
        self._items[sku] = self._items.get(sku, 0) + quantity
        return self

    def remove(self, sku, quantity=1):
        """Take `quantity` of `sku` out; the SKU disappears when none are left."""
        _check_quantity(quantity)
        if sku not in self._items:
            raise KeyError(sku)
        if quantity > self._items[sku]:
            raise ValueError(f"cannot remove {quantity} of {sku!r}: the cart holds {self._items[sku]}")
        self._items[sku] -= quantity
        if self._items[sku] == 0:
            del self._items[sku]
        return self

    def quantity(self, sku):
        return self._items.get(sku, 0)

    def total_items(self):
        return sum(self._items.values())

    def merge(self, other):
        """Add every item of `other` to this cart; `other` is left as it was."""
        for sku, quantity in other._items.items():
            self.add(sku, quantity)
        return self

    def __repr__(self):
        return f"Cart({self.owner!r}, {dict(sorted(self._items.items()))!r})"

    def __eq__(self, other):
        if not isinstance(other, Cart):
            return NotImplemented
        return self.owner == other.owner and self._items == other._items


def _check_quantity(quantity):
    if quantity < 1:
        raise ValueError(f"quantity must be a positive whole number, got {quantity!r}")
