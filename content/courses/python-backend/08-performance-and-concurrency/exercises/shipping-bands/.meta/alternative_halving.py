def shipping_band(limits, weight):
    """Index of the band for `weight`: the first limit that is >= weight.

    `limits` is sorted ascending; a weight above every limit gets len(limits) ("oversize")."""
    low, high = 0, len(limits)
    while low < high:
        middle = (low + high) // 2
        if limits[middle] < weight:
            low = middle + 1
        else:
            high = middle
    return low
