# Two ways to answer "does this list contain a duplicate?". Read them; don't change them.


def has_duplicate(items):
    for i in range(len(items)):
        for j in range(i + 1, len(items)):
            if items[i] == items[j]:
                return True
    return False


def has_duplicate_fast(items):
    seen = set()
    for item in items:
        if item in seen:
            return True
        seen.add(item)
    return False


# Your part.


def count_nested(items):
    """How many `==` comparisons has_duplicate(items) makes."""
    raise NotImplementedError("copy has_duplicate and count each comparison")


def count_fast(items):
    """How many `in seen` lookups has_duplicate_fast(items) makes."""
    raise NotImplementedError("copy has_duplicate_fast and count each lookup")


def measure(counter, sizes):
    """{n: counter(list(range(n))) for each n in sizes}."""
    raise NotImplementedError("call the counter on a list of each size")


def classify_growth(counts):
    """'constant', 'linear' or 'quadratic', from a dict {size: operation count}."""
    raise NotImplementedError("compare how the count grows with how the size grows")
