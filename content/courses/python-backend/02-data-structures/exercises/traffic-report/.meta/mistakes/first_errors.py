from collections import Counter, defaultdict, deque, namedtuple

Request = namedtuple("Request", ["method", "path", "status"])


def parse(line):
    """'GET /items 200' -> Request(method='GET', path='/items', status=200)."""
    method, path, status = line.split()
    return Request(method, path, int(status))


def top_paths(lines, n):
    """The n most requested paths as (path, count) pairs; ties in the order first seen."""
    return Counter(parse(line).path for line in lines).most_common(n)


def paths_by_status(lines):
    """{status: [paths, in log order]} as a plain dict."""
    groups = defaultdict(list)
    for line in lines:
        request = parse(line)
        groups[request.status].append(request.path)
    return dict(groups)


def last_errors(lines, n):
    """The last n requests with a status of 500 or more, oldest first, as Requests."""
    errors = [parse(line) for line in lines if parse(line).status >= 500]
    return errors[:n]
