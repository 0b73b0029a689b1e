"""A notes API in three layers: HTTP routes -> NoteService (rules) -> NoteRepository (storage)."""

import base64
import copy
import json
import re
from urllib.parse import parse_qs

TAG = re.compile(r"[a-z0-9-]{1,20}")
TAGS_PROBLEM = "must be a list of up to 5 different tags of a-z, 0-9 and -"
FIELDS = {"title", "body", "tags"}


# --- errors the service raises; the routes turn them into answers ---------------------------


class NotFound(Exception):
    pass


class ValidationError(Exception):
    def __init__(self, fields):
        super().__init__(fields)
        self.fields = fields


class Conflict(Exception):
    pass


# --- storage -----------------------------------------------------------------------------------


class NoteRepository:
    """In-memory storage. Hands out copies, so nobody changes a stored note by accident."""

    def __init__(self):
        self._notes = {}
        self._last_id = 0

    def add(self, note):
        stored = {"id": len(self._notes) + 1, **copy.deepcopy(note)}
        self._notes[stored["id"]] = stored
        return copy.deepcopy(stored)

    def get(self, note_id):
        note = self._notes.get(note_id)
        return copy.deepcopy(note) if note is not None else None

    def replace(self, note):
        self._notes[note["id"]] = copy.deepcopy(note)

    def remove(self, note_id):
        del self._notes[note_id]

    def scan(self, after_id, tag, limit):
        found = []
        for note_id in sorted(self._notes):
            note = self._notes[note_id]
            if note_id > after_id and (tag is None or tag in note["tags"]):
                found.append(copy.deepcopy(note))
                if len(found) == limit:
                    break
        return found


# --- rules -----------------------------------------------------------------------------------


def _problems(data, partial):
    fields = {}
    if "title" in data or not partial:
        title = data.get("title")
        if not isinstance(title, str) or not title.strip():
            fields["title"] = "required"
        elif len(title.strip()) > 100:
            fields["title"] = "at most 100 characters"
    if "body" in data:
        if not isinstance(data["body"], str):
            fields["body"] = "must be a string"
        elif len(data["body"]) > 10_000:
            fields["body"] = "at most 10000 characters"
    if "tags" in data:
        tags = data["tags"]
        if not (
            isinstance(tags, list)
            and len(tags) <= 5
            and all(isinstance(tag, str) and TAG.fullmatch(tag) for tag in tags)
            and len(set(tags)) == len(tags)
        ):
            fields["tags"] = TAGS_PROBLEM
    return fields


class NoteService:
    """The rules of notes. Knows nothing about HTTP."""

    def __init__(self, repository):
        self.repository = repository

    def create(self, data):
        """Create a note from a dict of fields; ValidationError names every wrong field."""
        fields = _problems(data, partial=False)
        fields.update({name: "unknown field" for name in sorted(set(data) - FIELDS)})
        if fields:
            raise ValidationError(fields)
        note = {"title": data["title"].strip(), "body": data.get("body", ""), "tags": list(data.get("tags", [])), "version": 1}
        return self.repository.add(note)

    def get(self, note_id):
        note = self.repository.get(note_id)
        if note is None:
            raise NotFound(f"no note {note_id}")
        return note

    def update(self, note_id, data):
        """Change the fields `data` names; data["version"] must be the note's current version."""
        note = self.get(note_id)
        fields = _problems(data, partial=True)
        version = data.get("version")
        if isinstance(version, bool) or not isinstance(version, int):
            fields["version"] = "required"
        fields.update({name: "unknown field" for name in sorted(set(data) - FIELDS - {"version"})})
        if fields:
            raise ValidationError(fields)
        if version != note["version"]:
            raise Conflict(f"the note changed since version {version}; it is at version {note['version']}")
        for name in FIELDS & set(data):
            note[name] = data[name].strip() if name == "title" else data[name]
        note["version"] += 1
        self.repository.replace(note)
        return note

    def delete(self, note_id):
        self.get(note_id)
        self.repository.remove(note_id)

    def list(self, tag=None, after=0, limit=20):
        return self.repository.scan(after, tag, limit)


# --- HTTP ------------------------------------------------------------------------------------


class Answer(Exception):
    def __init__(self, status, data, headers=()):
        super().__init__(status)
        self.status, self.data, self.headers = status, data, list(headers)


def _cursor(note_id):
    return base64.urlsafe_b64encode(json.dumps({"after": note_id}).encode()).decode()


def _after(token):
    try:
        data = json.loads(base64.urlsafe_b64decode(token.encode("ascii")))
    except (ValueError, UnicodeEncodeError):
        data = None
    after = data.get("after") if isinstance(data, dict) else None
    if isinstance(after, bool) or not isinstance(after, int) or after < 1:
        raise Answer("400 Bad Request", {"error": "invalid cursor"})
    return after


def _body(environ):
    length = environ.get("CONTENT_LENGTH") or "0"
    raw = environ["wsgi.input"].read(int(length)) if length.isdigit() else b""
    try:
        data = json.loads(raw)
    except ValueError:
        raise Answer("400 Bad Request", {"error": "the body is not valid JSON"}) from None
    if not isinstance(data, dict):
        raise Answer("422 Unprocessable Entity", {"error": "the body must be a JSON object"})
    return data


def _list(service, query_string):
    query = parse_qs(query_string, keep_blank_values=True)
    limit_text = query.get("limit", ["20"])[-1]
    if not limit_text.isdigit() or not 1 <= int(limit_text) <= 50:
        raise Answer("400 Bad Request", {"error": "limit must be a whole number from 1 to 50"})
    limit = int(limit_text)
    after = _after(query["cursor"][-1]) if "cursor" in query else 0
    tag = query["tag"][-1] if "tag" in query else None
    notes = service.list(tag=tag, after=after, limit=limit + 1)
    items = notes[:limit]
    return {"items": items, "next_cursor": _cursor(items[-1]["id"]) if len(notes) > limit else None}


def _route(service, environ):
    method, parts = environ["REQUEST_METHOD"], environ["PATH_INFO"].strip("/").split("/")
    if parts == ["notes"]:
        if method == "GET":
            return "200 OK", _list(service, environ.get("QUERY_STRING", "")), []
        if method == "POST":
            note = service.create(_body(environ))
            return "201 Created", note, [("Location", f"/notes/{note['id']}")]
        raise Answer("405 Method Not Allowed", {"error": "method not allowed"}, [("Allow", "GET, POST")])
    if len(parts) == 2 and parts[0] == "notes":
        if method not in ("GET", "PATCH", "DELETE"):
            raise Answer("405 Method Not Allowed", {"error": "method not allowed"}, [("Allow", "DELETE, GET, PATCH")])
        if not parts[1].isdigit():
            raise Answer("404 Not Found", {"error": f"no note {parts[1]}"})
        note_id = int(parts[1])
        if method == "GET":
            return "200 OK", service.get(note_id), []
        if method == "PATCH":
            return "200 OK", service.update(note_id, _body(environ)), []
        service.delete(note_id)
        return "204 No Content", None, []
    raise Answer("404 Not Found", {"error": "not found"})


def make_app(service=None):
    """A WSGI app over `service` (a new NoteService with an empty NoteRepository by default)."""
    service = service if service is not None else NoteService(NoteRepository())

    def app(environ, start_response):
        try:
            status, data, headers = _route(service, environ)
        except Answer as answer:
            status, data, headers = answer.status, answer.data, answer.headers
        except ValidationError as error:
            status, data, headers = "422 Unprocessable Entity", {"error": "validation failed", "fields": error.fields}, []
        except NotFound as error:
            status, data, headers = "404 Not Found", {"error": str(error)}, []
        except Conflict as error:
            status, data, headers = "409 Conflict", {"error": str(error)}, []
        except Exception:
            status, data, headers = "500 Internal Server Error", {"error": "internal error"}, []
        if data is None:
            start_response(status, headers)
            return []
        body = json.dumps(data).encode("utf-8")
        start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(body)))] + headers)
        return [body]

    return app


app = make_app()
