def insertion_sort(items, key=None):
    """Return (a new sorted list, the number of comparisons insertion sort made)."""
    if key is None:
        key = lambda item: item  # noqa: E731 - compare the items themselves
    result = list(items)
    comparisons = 0
    for i in range(1, len(result)):
        current = result[i]
        j = i
        while j > 0:
            if key(result[j - 1]) > key(current):
                comparisons += 1
                result[j] = result[j - 1]  # the bigger neighbour moves one step right
                j -= 1
            else:
                break
        result[j] = current
    return result, comparisons
