import json
import string

ALPHABET = set(string.ascii_lowercase + string.digits + "-")


class Problem(Exception):
    def __init__(self, code, payload=None, extra=None):
        Exception.__init__(self, code)
        self.code = code
        self.payload = payload
        self.extra = extra or {}


def not_allowed(methods):
    return Problem(405, {"error": "method not allowed"}, {"Allow": methods})


class LinkService:
    def __init__(self):
        self.store = {}

    def lookup(self, slug):
        try:
            return self.store[slug]
        except KeyError:
            raise Problem(404, {"error": "no link %r" % (slug,)}) from None

    @staticmethod
    def parse(doc):
        if type(doc) is str:
            try:
                doc = json.loads(doc)
            except ValueError:
                raise Problem(400, {"error": "the body is not valid JSON"}) from None
        if type(doc) is not dict:
            raise Problem(400, {"error": "the body must be a JSON object"})
        slug, target = doc.get("code"), doc.get("url")
        wrong = {}
        if not (isinstance(slug, str) and 3 <= len(slug) <= 20 and set(slug) <= ALPHABET):
            wrong["code"] = "3 to 20 of a-z, 0-9 and -"
        ok_url = False
        if isinstance(target, str):
            for scheme in ("http://", "https://"):
                if target.startswith(scheme) and target[len(scheme):] not in ("", "/"):
                    ok_url = True
        if not ok_url:
            wrong["url"] = "must be an http:// or https:// address"
        if wrong:
            raise Problem(422, {"error": "validation failed", "fields": wrong})
        return slug, target

    def dispatch(self, verb, path, doc):
        pieces = path.strip("/").split("/")
        if len(pieces) == 1 and pieces[0] == "links":
            if verb != "POST":
                raise not_allowed("POST")
            slug, target = self.parse(doc)
            if slug in self.store:
                raise Problem(409, {"error": "the code %r is taken" % (slug,)})
            self.store[slug] = {"code": slug, "url": target, "visits": 0}
            return 201, dict(self.store[slug]), {"Location": "/links/" + slug}
        if len(pieces) == 2 and pieces[0] == "links":
            if verb == "GET":
                return 200, dict(self.lookup(pieces[1])), {}
            if verb != "DELETE":
                raise not_allowed("DELETE, GET")
            self.lookup(pieces[1])
            self.store.pop(pieces[1])
            return 204, None, {}
        if len(pieces) == 1 and pieces[0] != "":
            if verb != "GET":
                raise not_allowed("GET")
            record = self.lookup(pieces[0])
            record["visits"] = record["visits"] + 1
            return 302, None, {"Location": record["url"]}
        raise Problem(404, {"error": "not found"})

    def handle(self, method, path, body=None):
        try:
            code, payload, extra = self.dispatch(method, path, body)
        except Problem as problem:
            code, payload, extra = problem.code, problem.payload, problem.extra
        if payload is None:
            return code, dict(extra), None
        answer_headers = {"Content-Type": "application/json"}
        answer_headers.update(extra)
        return code, answer_headers, payload


def make_app():
    return LinkService()
