import pytest

from http_message import format_response, parse_request

GET = b"GET /notes?tag=work&tag=home HTTP/1.1\r\nHost: localhost\r\nX-Trace: a\r\nx-trace: b\r\n\r\n"


def test_request_line():
    request = parse_request(GET)
    got = (request["method"], request["path"], request["version"])
    assert got == ("GET", "/notes", "HTTP/1.1"), (
        "the request line is METHOD TARGET VERSION, the path stops at '?', and lines end with \\r\\n: "
        "split the head on b'\\r\\n', not on b'\\n', or the version keeps a '\\r'"
    )


def test_query_string_is_decoded():
    assert parse_request(GET)["query"] == {"tag": ["work", "home"]}
    assert parse_request(b"GET /a%20b?q=caf%C3%A9+au+lait HTTP/1.1\r\n\r\n")["query"] == {"q": ["café au lait"]}
    assert parse_request(b"GET / HTTP/1.1\r\n\r\n")["query"] == {}, "no '?' in the target means an empty query dict"


def test_header_values_have_no_line_ending():
    headers = parse_request(b"GET / HTTP/1.1\r\nHost: localhost\r\nAccept: */*\r\n\r\n")["headers"]
    assert headers == {"host": "localhost", "accept": "*/*"}, (
        "lines end with \\r\\n: split the head on b'\\r\\n', not on b'\\n', or every value keeps a '\\r'"
    )


def test_header_names_are_case_insensitive():
    headers = parse_request(b"GET / HTTP/1.1\r\nCONTENT-type:  text/plain \r\n\r\n")["headers"]
    assert headers == {"content-type": "text/plain"}, (
        "header names are case-insensitive: store them lower-cased, and strip the spaces around the value"
    )


def test_repeated_headers_are_joined_in_order():
    assert parse_request(GET)["headers"]["x-trace"] == "a, b", "a header sent twice is joined with ', ' in order"


def test_body_is_content_length_bytes():
    raw = b'POST /notes HTTP/1.1\r\nContent-Length: 15\r\n\r\n{"title": "Hi"}'
    request = parse_request(raw)
    assert request["method"] == "POST"
    assert request["body"] == b'{"title": "Hi"}'


def test_bytes_after_the_body_belong_to_the_next_request():
    raw = b"POST /a HTTP/1.1\r\nContent-Length: 3\r\n\r\nabcGET /b HTTP/1.1\r\n\r\n"
    assert parse_request(raw)["body"] == b"abc", (
        "the body is exactly Content-Length bytes: what follows is the next request on the same connection"
    )


def test_no_content_length_means_no_body():
    assert parse_request(b"GET / HTTP/1.1\r\nHost: x\r\n\r\nleftover")["body"] == b""


def test_body_keeps_non_ascii_bytes():
    body = "crème brûlée".encode("utf-8")
    raw = b"PUT /x HTTP/1.1\r\nContent-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body
    assert parse_request(raw)["body"] == body


@pytest.mark.parametrize(
    "raw",
    [
        b"GET / HTTP/1.1\r\nHost: x\r\n",
        b"GET /\r\n\r\n",
        b"GET  / HTTP/1.1\r\n\r\n",
        b"GET / HTTP/1.1\r\nHost localhost\r\n\r\n",
        b"POST / HTTP/1.1\r\nContent-Length: ten\r\n\r\n",
        b"POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\nshort",
    ],
    ids=["no empty line", "two parts", "double space", "header without colon", "length not a number", "body cut short"],
)
def test_malformed_messages_raise_value_error(raw):
    with pytest.raises(ValueError):
        parse_request(raw)
        pytest.fail(f"parse_request({raw!r}) should raise ValueError: a server must refuse a malformed message")


def test_format_response():
    got = format_response(201, "Created", [("Location", "/notes/1")], b"{}")
    assert got == b"HTTP/1.1 201 Created\r\nLocation: /notes/1\r\nContent-Length: 2\r\n\r\n{}"


def test_format_response_counts_bytes_not_characters():
    body = "née".encode("utf-8")
    got = format_response(200, "OK", [("Content-Type", "text/plain; charset=utf-8")], body)
    assert got == b"HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 4\r\n\r\n" + body, (
        "Content-Length counts the bytes of the body: 'n\\u00e9e' is 3 characters but 4 bytes in UTF-8"
    )


def test_format_response_without_headers_or_body():
    assert format_response(204, "No Content", [], b"") == b"HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n"


def test_round_trip_of_a_formatted_request_line():
    response = format_response(404, "Not Found", [("Content-Type", "application/json")], b'{"error": "no note 9"}')
    head, _, body = response.partition(b"\r\n\r\n")
    assert head.split(b"\r\n")[0] == b"HTTP/1.1 404 Not Found"
    assert body == b'{"error": "no note 9"}'
