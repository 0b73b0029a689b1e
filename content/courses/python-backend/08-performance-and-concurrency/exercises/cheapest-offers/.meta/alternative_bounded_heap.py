import heapq


class _Largest:
    """Wraps a price so that Python's min-heap keeps the largest kept price on top."""

    __slots__ = ("price",)

    def __init__(self, price):
        self.price = price

    def __lt__(self, other):
        return other.price < self.price


def cheapest(prices, k):
    """The `k` lowest prices, lowest first (all of them if there are fewer than k)."""
    if k <= 0:
        return []
    kept = []
    for price in prices:
        if len(kept) < k:
            heapq.heappush(kept, _Largest(price))
        elif price < kept[0].price:
            heapq.heapreplace(kept, _Largest(price))
    result = [item.price for item in kept]
    result.sort()
    return result
