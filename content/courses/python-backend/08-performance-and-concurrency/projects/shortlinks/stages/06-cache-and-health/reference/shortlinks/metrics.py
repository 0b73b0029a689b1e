"""Request counters for GET /metrics, by route template and status code."""
from collections import Counter


class Metrics:
    def __init__(self):
        self.requests = Counter()

    def count(self, route, status):
        """`route` is the template ("GET /{slug}"), never the raw path: one counter per route,
        not one per slug ever requested."""
        self.requests[route, status] += 1

    def snapshot(self):
        by_route = {}
        for (route, status), count in sorted(self.requests.items()):
            by_route.setdefault(route, {})[str(status)] = count
        return by_route
