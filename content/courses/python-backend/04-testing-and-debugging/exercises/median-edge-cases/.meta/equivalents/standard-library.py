import statistics


def median(data):
    if len(data) == 0:
        raise ValueError("median() of an empty list")
    return statistics.median(data)
