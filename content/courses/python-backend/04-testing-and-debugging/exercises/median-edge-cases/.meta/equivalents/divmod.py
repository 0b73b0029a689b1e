def median(xs):
    count = len(xs)
    if count == 0:
        raise ValueError("median() of an empty list")
    ranked = sorted(xs)
    half, odd = divmod(count, 2)
    return ranked[half] if odd else (ranked[half - 1] + ranked[half]) / 2
