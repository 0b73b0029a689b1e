def pages(total, page_size):
    """[(start, stop), ...] for every page of page_size items out of total."""
    raise NotImplementedError("one pair per page")


def backoff(first, factor, cap, retries):
    """The list of `retries` waits: first, first * factor, ..., none longer than cap."""
    raise NotImplementedError("multiply, cap, repeat")


def first_error(lines):
    """(line_number, message) of the first "ERROR " line, counting from 1; None if there is none."""
    raise NotImplementedError("number the lines as you go")


def years_to_reach(balance, rate, target):
    """Whole years of yearly interest at `rate` until balance >= target."""
    raise NotImplementedError("loop while the balance is too low")
