import json


async def app(scope, receive, send):
    """POST /stats, GET /count?to=N, GET /health; 404 otherwise."""
    message = await receive()
    body = message.get("body", b"")
    text = body.decode("utf-8")
    answer = {"bytes": len(body), "words": len(text.split()), "lines": len(text.splitlines())}
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"application/json")]})
    await send({"type": "http.response.body", "body": json.dumps(answer).encode()})
