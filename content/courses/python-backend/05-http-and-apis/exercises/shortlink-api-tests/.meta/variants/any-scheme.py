"""A link shortener: the code under test (read-only).

`make_app()` returns a new shortener with no links. Its `handle(method, path, body=None)`
answers a request the way the HTTP API does, as `(status, headers, data)`: the status code (an
int), the response headers (a dict) and the decoded JSON body (None when the answer has no
body). `body` is the request body: a dict or list is sent as JSON, a str as raw text.
"""

import json
import re

CODE = re.compile(r"[a-z0-9-]{3,20}")


class Reply(Exception):
    def __init__(self, status, data=None, headers=None):
        super().__init__(status)
        self.status, self.data, self.headers = status, data, headers or {}


def _read_link(body):
    if isinstance(body, str):
        try:
            body = json.loads(body)
        except ValueError:
            raise Reply(400, {"error": "the body is not valid JSON"}) from None
    if not isinstance(body, dict):
        raise Reply(400, {"error": "the body must be a JSON object"})
    fields = {}
    code, url = body.get("code"), body.get("url")
    if not isinstance(code, str) or not CODE.fullmatch(code):
        fields["code"] = "3 to 20 of a-z, 0-9 and -"
    if not isinstance(url, str) or "://" not in url or url.partition("://")[2] in ("", "/"):
        fields["url"] = "must be an http:// or https:// address"
    if fields:
        raise Reply(422, {"error": "validation failed", "fields": fields})
    return code, url


class Shortener:
    def __init__(self):
        self.links = {}  # code -> {"code", "url", "visits"}

    def _find(self, code):
        if code not in self.links:
            raise Reply(404, {"error": f"no link {code!r}"})
        return self.links[code]

    def _route(self, method, path, body):
        parts = path.strip("/").split("/")
        if parts == ["links"]:
            if method != "POST":
                raise Reply(405, {"error": "method not allowed"}, {"Allow": "POST"})
            code, url = _read_link(body)
            if code in self.links:
                raise Reply(409, {"error": f"the code {code!r} is taken"})
            self.links[code] = {"code": code, "url": url, "visits": 0}
            return 201, dict(self.links[code]), {"Location": f"/links/{code}"}
        if len(parts) == 2 and parts[0] == "links":
            if method == "GET":
                return 200, dict(self._find(parts[1])), {}
            if method == "DELETE":
                del self.links[self._find(parts[1])["code"]]
                return 204, None, {}
            raise Reply(405, {"error": "method not allowed"}, {"Allow": "DELETE, GET"})
        if len(parts) == 1 and parts[0]:
            if method != "GET":
                raise Reply(405, {"error": "method not allowed"}, {"Allow": "GET"})
            link = self._find(parts[0])
            link["visits"] += 1
            return 302, None, {"Location": link["url"]}
        raise Reply(404, {"error": "not found"})

    def handle(self, method, path, body=None):
        """Answer one request: (status, headers, data)."""
        try:
            status, data, headers = self._route(method, path, body)
        except Reply as reply:
            status, data, headers = reply.status, reply.data, reply.headers
        if data is not None:
            headers = {"Content-Type": "application/json", **headers}
        return status, headers, data


def make_app():
    """A new link shortener with no links."""
    return Shortener()
