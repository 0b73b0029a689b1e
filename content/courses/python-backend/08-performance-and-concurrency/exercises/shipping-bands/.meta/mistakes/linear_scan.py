def shipping_band(limits, weight):
    """Index of the band for `weight`: the first limit that is >= weight.

    `limits` is sorted ascending; a weight above every limit gets len(limits) ("oversize")."""
    for index, limit in enumerate(limits):
        if weight <= limit:
            return index
    return len(limits)
