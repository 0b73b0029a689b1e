def cheapest(prices, k):
    """The `k` lowest prices, lowest first (all of them if there are fewer than k)."""
    return sorted(prices)[:k]
