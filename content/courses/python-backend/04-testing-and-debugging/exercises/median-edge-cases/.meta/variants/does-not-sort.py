"""Summary statistics for the monitoring dashboard."""


def median(values):
    if not values:
        raise ValueError("median() of an empty list")
    middle = len(values) // 2
    if len(values) % 2 == 1:
        return values[middle]
    return (values[middle - 1] + values[middle]) / 2
