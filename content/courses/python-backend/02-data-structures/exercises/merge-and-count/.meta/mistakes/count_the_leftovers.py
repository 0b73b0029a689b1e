def merge_sort(items, key=None):
    """Return (a new sorted list, the number of comparisons merge sort made)."""
    if key is None:
        key = lambda item: item  # noqa: E731 - compare the items themselves
    if len(items) <= 1:
        return list(items), 0
    mid = len(items) // 2
    left, left_count = merge_sort(items[:mid], key)
    right, right_count = merge_sort(items[mid:], key)
    merged, comparisons = [], left_count + right_count
    i = j = 0
    while i < len(left) and j < len(right):
        comparisons += 1
        if key(right[j]) < key(left[i]):  # strictly smaller: on a tie the left one goes first
            merged.append(right[j])
            j += 1
        else:
            merged.append(left[i])
            i += 1
    comparisons += len(left) - i + len(right) - j
    merged.extend(left[i:])  # one half is used up: the rest of the other needs no comparison
    merged.extend(right[j:])
    return merged, comparisons


class _Counted:
    """Wraps an item; counts every `<` that sorted() asks for."""

    def __init__(self, item, counter):
        self.item = item
        self.counter = counter

    def __lt__(self, other):
        self.counter[0] += 1
        return self.item < other.item


def builtin_comparisons(items):
    """How many `<` comparisons sorted(items) makes."""
    counter = [0]
    sorted(_Counted(item, counter) for item in items)
    return counter[0]
