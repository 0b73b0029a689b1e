def dedupe(items):
    """Return the items without duplicates, keeping the first occurrence of each, in order."""
    seen = []
    result = []
    for item in items:
        if item not in seen:
            seen.append(item)
            result.append(item)
    return result


def common_items(a, b):
    """Return the items of a that also appear in b, in a's order, each once."""
    in_b = set(b)
    seen = set()
    result = []
    for item in a:
        if item in in_b and item not in seen:
            seen.add(item)
            result.append(item)
    return result


def count_pairs(events):
    """Return a dict mapping each (user, page) tuple to how many times it occurs."""
    counts = {}
    for pair in events:
        counts[pair] = counts.get(pair, 0) + 1
    return counts
