import json


def make_app():
    """A new ASGI app with no polls (see the instructions)."""
    polls = {}

    async def app(scope, receive, send):
        message = await receive()
        data = json.loads(message.get("body", b"") or b"{}")
        poll = {"id": len(polls) + 1, "question": data.get("question"), "options": data.get("options")}
        polls[poll["id"]] = poll
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"application/json")]})
        await send({"type": "http.response.body", "body": json.dumps(poll).encode("utf-8")})

    return app
