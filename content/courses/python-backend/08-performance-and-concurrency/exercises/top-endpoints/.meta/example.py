from collections import Counter, defaultdict


def top_endpoints(paths, n):
    """The `n` most requested paths as [(path, count), ...], most requests first;
    equal counts in the order the paths were first requested."""
    return Counter(paths).most_common(n)


def paths_by_status(requests):
    """{status: [path, ...]} from (path, status) pairs, paths in request order."""
    groups = defaultdict(list)
    for path, status in requests:
        groups[status].append(path)
    return dict(groups)
