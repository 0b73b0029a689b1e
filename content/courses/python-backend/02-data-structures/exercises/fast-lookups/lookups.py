def dedupe(items):
    """Return the items without duplicates, keeping the first occurrence of each, in order."""
    raise NotImplementedError("keep a list for the order and a set of what you've seen")


def common_items(a, b):
    """Return the items of a that also appear in b, in a's order, each once."""
    raise NotImplementedError("look the items of a up in a set made from b")


def count_pairs(events):
    """Return a dict mapping each (user, page) tuple to how many times it occurs."""
    raise NotImplementedError("count with a dict whose keys are the (user, page) tuples")
