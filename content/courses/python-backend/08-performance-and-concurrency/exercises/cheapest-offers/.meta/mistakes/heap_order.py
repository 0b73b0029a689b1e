import heapq


def cheapest(prices, k):
    """The `k` lowest prices, lowest first (all of them if there are fewer than k)."""
    heap = list(prices)
    heapq.heapify(heap)
    return heap[:k]
