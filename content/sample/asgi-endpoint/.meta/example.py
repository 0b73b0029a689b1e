import json
from urllib.parse import parse_qs


async def _read_body(receive):
    parts = []
    while True:
        message = await receive()
        parts.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(parts)


async def _respond(send, status, body, content_type=b"application/json"):
    await send({"type": "http.response.start", "status": status, "headers": [(b"content-type", content_type)]})
    await send({"type": "http.response.body", "body": body})


async def app(scope, receive, send):
    method, path = scope["method"], scope["path"]
    if (method, path) == ("POST", "/stats"):
        body = await _read_body(receive)
        text = body.decode("utf-8")
        answer = {"bytes": len(body), "words": len(text.split()), "lines": len(text.splitlines())}
        await _respond(send, 200, json.dumps(answer).encode())
    elif (method, path) == ("GET", "/count"):
        query = parse_qs(scope["query_string"].decode("latin-1"))
        to = query.get("to", [""])[0]
        if not to.isdigit():
            await _respond(send, 400, b"to must be a whole number", b"text/plain")
            return
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
        last = int(to)
        for n in range(1, last + 1):
            await send({"type": "http.response.body", "body": f"{n}\n".encode(), "more_body": n < last})
        if last == 0:
            await send({"type": "http.response.body", "body": b""})
    elif (method, path) == ("GET", "/health"):
        await _respond(send, 200, b'{"status": "ok"}')
    else:
        await _respond(send, 404, b'{"error": "not found"}')
