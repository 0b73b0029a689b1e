"""Summary statistics for the monitoring dashboard."""


def median(values):
    """Return the median of a non-empty list of numbers.

    The list does not need to be sorted. With an odd number of values the median is the middle
    one once sorted; with an even number it is the mean of the two middle ones, which can be a
    float: median([1, 2, 3, 4]) == 2.5.

    Raises ValueError for an empty list.
    """
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2 == 1:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2
