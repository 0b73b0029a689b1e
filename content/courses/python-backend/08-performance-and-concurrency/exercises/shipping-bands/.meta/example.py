from bisect import bisect_left


def shipping_band(limits, weight):
    """Index of the band for `weight`: the first limit that is >= weight.

    `limits` is sorted ascending; a weight above every limit gets len(limits) ("oversize")."""
    return bisect_left(limits, weight)
