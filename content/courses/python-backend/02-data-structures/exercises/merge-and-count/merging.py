def merge_sort(items, key=None):
    """Return (a new sorted list, the number of comparisons merge sort made)."""
    raise NotImplementedError("split in half, sort each half, merge them, counting each comparison")


def builtin_comparisons(items):
    """How many `<` comparisons sorted(items) makes."""
    raise NotImplementedError("sort wrapped items whose __lt__ counts")
