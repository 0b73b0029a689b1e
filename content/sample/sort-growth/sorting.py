def merge_sort(items):
    """A new list with the items in ascending order, without sorted() or list.sort()."""
    raise NotImplementedError("split in halves, sort each, merge them")
