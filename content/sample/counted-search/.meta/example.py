def missing(wanted, stock):
    """The products of `wanted` that are not in `stock`, in order, each once."""
    in_stock = set(stock)
    reported = set()
    out = []
    for product in wanted:
        if product not in in_stock and product not in reported:
            reported.add(product)
            out.append(product)
    return out
