from urllib.parse import parse_qs


def parse_request(raw):
    """Parse the bytes of one HTTP/1.1 request into a dict (see the instructions)."""
    head, separator, rest = raw.partition(b"\r\n\r\n")
    if not separator:
        raise ValueError("the head does not end with an empty line")
    request_line, *header_lines = head.decode("latin-1").split("\r\n")
    parts = request_line.split(" ")
    if len(parts) != 3 or not all(parts):
        raise ValueError(f"bad request line: {request_line!r}")
    method, target, version = parts
    path, _, query_string = target.partition("?")
    headers = {}
    for line in header_lines:
        name, colon, value = line.partition(":")
        if not colon or not name.strip():
            raise ValueError(f"bad header line: {line!r}")
        name, value = name.strip().lower(), value.strip()
        headers[name] = f"{headers[name]}, {value}" if name in headers else value
    length_text = headers.get("content-length", "0")
    if not length_text.isdigit():
        raise ValueError(f"bad Content-Length: {length_text!r}")
    length = int(length_text)
    body = rest
    if len(body) < length:
        raise ValueError(f"the body has {len(body)} bytes, Content-Length says {length}")
    return {
        "method": method,
        "path": path,
        "query": parse_qs(query_string),
        "version": version,
        "headers": headers,
        "body": body,
    }


def format_response(status, reason, headers, body):
    """The bytes of an HTTP/1.1 response, with a Content-Length header."""
    lines = [f"HTTP/1.1 {status} {reason}"]
    lines += [f"{name}: {value}" for name, value in headers]
    lines.append(f"Content-Length: {len(body)}")
    head = "\r\n".join(lines) + "\r\n\r\n"
    return head.encode("latin-1") + body
