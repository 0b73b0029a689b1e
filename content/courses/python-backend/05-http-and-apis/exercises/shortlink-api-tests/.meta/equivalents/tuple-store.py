import json
import re

SLUG_RE = re.compile(r"^[-a-z0-9]{3,20}\Z")
URL_RE = re.compile(r"^https?://(?!/?\Z)", re.S)
JSON_TYPE = {"Content-Type": "application/json"}


class Links:
    def __init__(self):
        self.table = {}  # slug -> [target, hits]

    def show(self, slug):
        target, hits = self.table[slug]
        return {"code": slug, "url": target, "visits": hits}

    def create(self, doc):
        if isinstance(doc, str):
            try:
                doc = json.loads(doc)
            except ValueError:
                return 400, dict(JSON_TYPE), {"error": "the body is not valid JSON"}
        if not isinstance(doc, dict):
            return 400, dict(JSON_TYPE), {"error": "the body must be a JSON object"}
        slug, target = doc.get("code"), doc.get("url")
        errors = {}
        if not (isinstance(slug, str) and SLUG_RE.match(slug)):
            errors["code"] = "3 to 20 of a-z, 0-9 and -"
        if not (isinstance(target, str) and URL_RE.match(target)):
            errors["url"] = "must be an http:// or https:// address"
        if errors:
            return 422, dict(JSON_TYPE), {"error": "validation failed", "fields": errors}
        if slug in self.table:
            return 409, dict(JSON_TYPE), {"error": "the code " + repr(slug) + " is taken"}
        self.table[slug] = [target, 0]
        return 201, {**JSON_TYPE, "Location": "/links/" + slug}, self.show(slug)

    def handle(self, method, path, body=None):
        segs = path.strip("/").split("/")
        refuse = lambda allow: (405, {**JSON_TYPE, "Allow": allow}, {"error": "method not allowed"})
        missing = lambda slug: (404, dict(JSON_TYPE), {"error": "no link " + repr(slug)})
        if segs == ["links"]:
            return self.create(body) if method == "POST" else refuse("POST")
        if len(segs) == 2 and segs[0] == "links":
            slug = segs[1]
            if method not in ("GET", "DELETE"):
                return refuse("DELETE, GET")
            if slug not in self.table:
                return missing(slug)
            if method == "GET":
                return 200, dict(JSON_TYPE), self.show(slug)
            self.table.pop(slug)
            return 204, {}, None
        if len(segs) == 1 and segs[0]:
            if method != "GET":
                return refuse("GET")
            if segs[0] not in self.table:
                return missing(segs[0])
            self.table[segs[0]][1] += 1
            return 302, {"Location": self.table[segs[0]][0]}, None
        return 404, dict(JSON_TYPE), {"error": "not found"}


def make_app():
    return Links()
