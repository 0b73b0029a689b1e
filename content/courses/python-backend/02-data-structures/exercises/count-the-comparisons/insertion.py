def insertion_sort(items, key=None):
    """Return (a new sorted list, the number of comparisons insertion sort made)."""
    raise NotImplementedError("walk each item left past its bigger neighbours, counting each comparison")
