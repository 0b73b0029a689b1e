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
    recent = deque(maxlen=n)  # older errors fall out as new ones come in: memory stays at n
    for line in lines:
        request = parse(line)
        if request.status >= 500:
            recent.append(request)
    return list(recent)
