def missing(wanted, stock):
    """The products of `wanted` that are not in `stock`, in the order of `wanted`, each once."""
    raise NotImplementedError("look each product up in a set made from stock")
