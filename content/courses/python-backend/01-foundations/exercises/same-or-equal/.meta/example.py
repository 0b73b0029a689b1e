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
    return a == b
