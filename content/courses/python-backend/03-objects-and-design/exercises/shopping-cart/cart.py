class Cart:
    """A shopping cart: how many of each SKU one customer wants."""

    def __init__(self, owner):
        self.owner = owner
        # TODO: give every cart its own storage for the items.

    def add(self, sku, quantity=1):
        """Add `quantity` of `sku`; return the cart so calls can be chained."""
        raise NotImplementedError("check the quantity, add it, return self")

    def remove(self, sku, quantity=1):
        """Take `quantity` of `sku` out; the SKU disappears when none are left."""
        raise NotImplementedError("check, subtract, drop the SKU at zero, return self")

    def quantity(self, sku):
        raise NotImplementedError("how many of `sku` are in the cart (0 if none)")

    def total_items(self):
        raise NotImplementedError("the number of articles in the cart")

    def merge(self, other):
        """Add every item of `other` to this cart; `other` is left as it was."""
        raise NotImplementedError("add the other cart's items to this one")

    # TODO: __repr__ and __eq__
