import json


async def _read_body(receive):
    chunks = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks)


async def _answer(send, status, data, headers=()):
    body = json.dumps(data).encode("utf-8")
    start_headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": f"{status} OK", "headers": start_headers + list(headers)})
    await send({"type": "http.response.body", "body": body})


class Reject(Exception):
    def __init__(self, status, data):
        super().__init__(status)
        self.status, self.data = status, data


def _json(raw):
    try:
        return json.loads(raw)
    except ValueError:
        raise Reject(400, {"error": "the body is not valid JSON"}) from None


def _new_poll(data):
    data = data if isinstance(data, dict) else {}
    fields = {}
    question = data.get("question")
    if not isinstance(question, str) or not question.strip():
        fields["question"] = "required"
    options = data.get("options")
    good = (
        isinstance(options, list)
        and 2 <= len(options) <= 5
        and all(isinstance(text, str) and text.strip() for text in options)
        and len(set(options)) == len(options)
    )
    if not good:
        fields["options"] = "must be 2 to 5 different texts"
    if fields:
        raise Reject(422, {"error": "validation failed", "fields": fields})
    return question, options


def make_app():
    """A new ASGI app with no polls (see the instructions)."""
    polls = {}

    def find(poll_id):
        if not poll_id.isdigit() or int(poll_id) not in polls:
            raise Reject(404, {"error": "not found"})
        return polls[int(poll_id)]

    async def handle(method, parts, receive):
        if parts == ["polls"] and method == "POST":
            question, options = _new_poll(_json(await _read_body(receive)))
            poll = {"id": len(polls) + 1, "question": question, "options": [{"text": t, "votes": 0} for t in options]}
            polls[poll["id"]] = poll
            return 201, poll, [(b"location", f"/polls/{poll['id']}".encode())]
        if len(parts) == 2 and parts[0] == "polls" and method == "GET":
            return 200, find(parts[1]), []
        if len(parts) == 3 and parts[0] == "polls" and parts[2] == "votes" and method == "POST":
            poll = find(parts[1])
            data = _json(await _read_body(receive))
            option = data.get("option") if isinstance(data, dict) else None
            if isinstance(option, bool) or not isinstance(option, int) or not 0 <= option < len(poll["options"]):
                raise Reject(422, {"error": "no such option"})
            poll["options"][option]["votes"] += 1
            return 200, poll, []
        raise Reject(404, {"error": "not found"})

    async def app(scope, receive, send):
        if scope["type"] != "http":
            return
        try:
            status, data, headers = await handle(scope["method"], scope["path"].strip("/").split("/"), receive)
        except Reject as reject:
            status, data, headers = reject.status, reject.data, []
        await _answer(send, status, data, headers)

    return app
