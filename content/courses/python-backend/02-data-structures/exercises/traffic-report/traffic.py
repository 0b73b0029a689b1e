from collections import Counter, defaultdict, deque, namedtuple

Request = namedtuple("Request", ["method", "path", "status"])


def parse(line):
    """'GET /items 200' -> Request(method='GET', path='/items', status=200)."""
    raise NotImplementedError


def top_paths(lines, n):
    """The n most requested paths as (path, count) pairs; ties in the order first seen."""
    raise NotImplementedError


def paths_by_status(lines):
    """{status: [paths, in log order]} as a plain dict."""
    raise NotImplementedError


def last_errors(lines, n):
    """The last n requests with a status of 500 or more, oldest first, as Requests."""
    raise NotImplementedError
