def top_endpoints(paths, n):
    """The `n` most requested paths as [(path, count), ...], most requests first;
    equal counts in the order the paths were first requested."""
    raise NotImplementedError("count with collections.Counter")


def paths_by_status(requests):
    """{status: [path, ...]} from (path, status) pairs, paths in request order."""
    raise NotImplementedError("group with collections.defaultdict(list)")
