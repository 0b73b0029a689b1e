import pytest

from traffic import Request, last_errors, parse, paths_by_status, top_paths

LOG = [
    "GET /items 200",
    "GET /cart 200",
    "POST /cart 500",
    "GET /items 200",
    "GET /login 404",
    "GET /cart 502",
    "GET /help 200",
    "GET /login 200",
    "DELETE /items/3 503",
]


def test_parse():
    request = parse("POST /cart 500")
    assert request == Request("POST", "/cart", 500)
    assert (request.method, request.path, request.status) == ("POST", "/cart", 500), (
        "parse returns a Request (the namedtuple of the starter), with the status as an int"
    )
    assert isinstance(request.status, int)


def test_top_paths():
    assert top_paths(LOG, 2) == [("/cart", 3), ("/items", 2)], "the most requested first, as (path, count) pairs"


def test_top_paths_ties_keep_the_order_first_seen():
    lines = ["GET /b 200", "GET /a 200", "GET /c 200", "GET /a 200", "GET /b 200", "GET /c 200"]
    assert top_paths(lines, 3) == [("/b", 2), ("/a", 2), ("/c", 2)], (
        "paths with the same count come in the order they were first seen (/b, then /a, then /c), as"
        " Counter.most_common gives them: not alphabetically"
    )


def test_top_paths_more_than_there_are():
    assert top_paths(["GET / 200"], 5) == [("/", 1)]
    assert top_paths([], 3) == []


def test_top_paths_reads_any_iterable_once():
    lines = (line for line in LOG)  # a generator: it can be read only once
    assert top_paths(lines, 1) == [("/cart", 3)]


def test_paths_by_status():
    assert paths_by_status(LOG) == {
        200: ["/items", "/cart", "/items", "/help", "/login"],
        500: ["/cart"],
        404: ["/login"],
        502: ["/cart"],
        503: ["/items/3"],
    }


def test_paths_by_status_is_a_plain_dict():
    result = paths_by_status(LOG)
    assert type(result) is dict, (
        "return a plain dict (dict(groups)): a defaultdict quietly adds an empty entry for every"
        " status someone merely looks up, e.g. result[418]"
    )


@pytest.mark.parametrize(
    "n, expected",
    [
        (2, [Request("GET", "/cart", 502), Request("DELETE", "/items/3", 503)]),
        (1, [Request("DELETE", "/items/3", 503)]),
        (10, [Request("POST", "/cart", 500), Request("GET", "/cart", 502), Request("DELETE", "/items/3", 503)]),
    ],
)
def test_last_errors(n, expected):
    assert last_errors(LOG, n) == expected, (
        "the LAST n requests with a status of 500 or more, oldest of them first"
    )


def test_last_errors_of_a_long_stream():
    lines = (f"GET /page/{i} {500 if i % 3 == 0 else 200}" for i in range(600))
    assert last_errors(lines, 2) == [Request("GET", "/page/594", 500), Request("GET", "/page/597", 500)]
