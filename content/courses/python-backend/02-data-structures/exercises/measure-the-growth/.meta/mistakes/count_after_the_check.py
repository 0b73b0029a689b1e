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
    comparisons = 0
    for i in range(len(items)):
        for j in range(i + 1, len(items)):
            if items[i] == items[j]:
                return comparisons
            comparisons += 1
    return comparisons


def count_fast(items):
    """How many `in seen` lookups has_duplicate_fast(items) makes."""
    lookups = 0
    seen = set()
    for item in items:
        lookups += 1
        if item in seen:
            return lookups
        seen.add(item)
    return lookups


def measure(counter, sizes):
    """{n: counter(list(range(n))) for each n in sizes}."""
    return {n: counter(list(range(n))) for n in sizes}


def classify_growth(counts):
    """'constant', 'linear' or 'quadratic', from a dict {size: operation count}."""
    if len(counts) < 2:
        raise ValueError("need counts for at least two sizes")
    small, big = sorted(counts)[-2:]
    size_ratio = big / small
    count_ratio = counts[big] / counts[small]
    if count_ratio < size_ratio ** 0.5:
        return "constant"
    if count_ratio < size_ratio ** 1.5:
        return "linear"
    return "quadratic"
