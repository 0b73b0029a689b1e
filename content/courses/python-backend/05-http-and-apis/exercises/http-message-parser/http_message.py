def parse_request(raw):
    """Parse the bytes of one HTTP/1.1 request into a dict (see the instructions)."""
    text = raw.decode("latin-1")
    lines = text.split("\n")
    method, target, version = lines[0].split(" ")
    return {"method": method, "path": target, "query": {}, "version": version, "headers": {}, "body": b""}


def format_response(status, reason, headers, body):
    """The bytes of an HTTP/1.1 response, with a Content-Length header."""
    return f"HTTP/1.1 {status} {reason}\n\n".encode("latin-1") + body
