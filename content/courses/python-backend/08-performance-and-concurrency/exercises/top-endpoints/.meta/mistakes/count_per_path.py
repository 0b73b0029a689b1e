from collections import defaultdict


def top_endpoints(paths, n):
    """The `n` most requested paths as [(path, count), ...], most requests first;
    equal counts in the order the paths were first requested."""
    unique = list(dict.fromkeys(paths))
    counted = [(path, paths.count(path)) for path in unique]
    counted.sort(key=lambda row: row[1], reverse=True)
    return counted[:n]


def paths_by_status(requests):
    """{status: [path, ...]} from (path, status) pairs, paths in request order."""
    groups = defaultdict(list)
    for path, status in requests:
        groups[status].append(path)
    return dict(groups)
