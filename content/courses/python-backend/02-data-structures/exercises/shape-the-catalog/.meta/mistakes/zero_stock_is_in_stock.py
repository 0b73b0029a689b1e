def in_stock_names(products):
    """The names of the products with stock above 0, in catalog order."""
    return [p["name"] for p in products if p["stock"] >= 0]


def price_by_sku(products):
    """A dict mapping each sku to its price."""
    return {p["sku"]: p["price"] for p in products}


def all_tags(products):
    """The set of every tag used by any product."""
    return {tag for p in products for tag in p["tags"]}


def sale_prices(products, tag, percent):
    """A dict mapping every sku to its price, `percent` % off (rounded to 2 decimals) if it has `tag`."""
    return {
        p["sku"]: round(p["price"] * (1 - percent / 100), 2) if tag in p["tags"] else p["price"]
        for p in products
    }


def skus_by_tag(products):
    """A dict mapping each tag to the list of skus that carry it, in catalog order."""
    return {tag: [p["sku"] for p in products if tag in p["tags"]] for tag in all_tags(products)}
