def in_stock_names(products):
    """The names of the products with stock above 0, in catalog order."""
    raise NotImplementedError("a list comprehension with a filter")


def price_by_sku(products):
    """A dict mapping each sku to its price."""
    raise NotImplementedError("a dict comprehension")


def all_tags(products):
    """The set of every tag used by any product."""
    raise NotImplementedError("a set comprehension with two for clauses")


def sale_prices(products, tag, percent):
    """A dict mapping every sku to its price, `percent` % off (rounded to 2 decimals) if it has `tag`."""
    raise NotImplementedError("a dict comprehension with a conditional expression")


def skus_by_tag(products):
    """A dict mapping each tag to the list of skus that carry it, in catalog order."""
    raise NotImplementedError("a dict comprehension whose values are list comprehensions")
