"""Summary statistics for the monitoring dashboard."""


def median(values):
    if not values:
        raise ValueError("median() of an empty list")
    ordered = sorted(values)
    return ordered[(len(ordered) - 1) // 2]
