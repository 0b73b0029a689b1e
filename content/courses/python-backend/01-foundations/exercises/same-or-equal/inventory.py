CAUSE = ""  # optional, not graded: in one sentence, why did these functions work in testing and fail in production?


def find_sku(skus, wanted):
    for index, sku in enumerate(skus):
        if sku is wanted:
            return index
    return -1


def count_equal(values, target):
    return sum(1 for value in values if value is target)


def is_missing(value):
    return not value


def same_order(a, b):
    return a is b


def unique(values):
    """values without repeats, keeping the first of each, in order."""
    result = []
    for value in values:
        if not any(value is seen for seen in result):
            result.append(value)
    return result
