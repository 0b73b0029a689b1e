def cheapest(prices, k):
    """The `k` lowest prices, lowest first (all of them if there are fewer than k)."""
    raise NotImplementedError("keep only k candidates: the heapq module")
