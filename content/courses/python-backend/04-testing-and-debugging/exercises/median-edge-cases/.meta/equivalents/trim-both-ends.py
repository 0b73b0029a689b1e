def median(numbers):
    if not numbers:
        raise ValueError("median() of an empty list")
    pool = sorted(numbers)
    while len(pool) > 2:
        pool.pop(0)
        pool.pop()
    if len(pool) == 1:
        return pool[0]
    return (pool[0] + pool[1]) / 2
