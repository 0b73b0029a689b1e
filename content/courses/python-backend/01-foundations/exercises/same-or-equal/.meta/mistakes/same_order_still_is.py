CAUSE = "The code compared values with `is`, which checks identity (the same object), not equality; small ints and short strings happened to be cached, so tests passed, but large numbers and strings built at run time are different objects."


def find_sku(skus, wanted):
    for index, sku in enumerate(skus):
        if sku == wanted:
            return index
    return -1


def count_equal(values, target):
    return sum(1 for value in values if value == target)


def is_missing(value):
    return value is None


def same_order(a, b):
    return a is b


def unique(values):
    """values without repeats, keeping the first of each, in order."""
    result = []
    for value in values:
        if not any(value == seen for seen in result):
            result.append(value)
    return result
