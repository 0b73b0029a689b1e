def median(numbers):
    pool = list(numbers)
    if not pool:
        raise ValueError("median() of an empty list")
    while len(pool) > 2:
        pool.remove(min(pool))
        pool.remove(max(pool))
    if len(pool) == 1:
        return pool[0]
    return (pool[0] + pool[1]) / 2
