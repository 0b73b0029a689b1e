def top_endpoints(paths, n):
    """The `n` most requested paths as [(path, count), ...], most requests first;
    equal counts in the order the paths were first requested."""
    counts = {}
    for path in paths:
        counts[path] = counts.get(path, 0) + 1
    # sorted() is stable: equal counts keep the dict's order, which is first-request order.
    ranked = sorted(counts.items(), key=lambda row: -row[1])
    return ranked[: max(n, 0)]


def paths_by_status(requests):
    """{status: [path, ...]} from (path, status) pairs, paths in request order."""
    groups = {}
    for path, status in requests:
        groups.setdefault(status, []).append(path)
    return groups
