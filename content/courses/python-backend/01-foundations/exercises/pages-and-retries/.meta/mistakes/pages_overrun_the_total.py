def pages(total, page_size):
    """[(start, stop), ...] for every page of page_size items out of total."""
    return [(start, start + page_size) for start in range(0, total, page_size)]


def backoff(first, factor, cap, retries):
    """The list of `retries` waits: first, first * factor, ..., none longer than cap."""
    waits = []
    wait = first
    for _ in range(retries):
        waits.append(min(wait, cap))
        wait = wait * factor
    return waits


def first_error(lines):
    """(line_number, message) of the first "ERROR " line, counting from 1; None if there is none."""
    for number, line in enumerate(lines, start=1):
        if line.startswith("ERROR "):
            return number, line[len("ERROR ") :]
    return None


def years_to_reach(balance, rate, target):
    """Whole years of yearly interest at `rate` until balance >= target."""
    years = 0
    while balance < target:
        balance = balance * (1 + rate)
        years += 1
    return years
