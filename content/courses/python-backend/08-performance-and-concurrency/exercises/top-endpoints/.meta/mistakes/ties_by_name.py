from collections import Counter, defaultdict


def top_endpoints(paths, n):
    """The `n` most requested paths as [(path, count), ...], most requests first;
    equal counts in the order the paths were first requested."""
    counts = Counter(paths)
    return sorted(counts.items(), key=lambda row: (-row[1], row[0]))[:n]


def paths_by_status(requests):
    """{status: [path, ...]} from (path, status) pairs, paths in request order."""
    groups = defaultdict(list)
    for path, status in requests:
        groups[status].append(path)
    return dict(groups)
