"""A notes API: a WSGI app over a repository that keeps the notes in SQLite."""
import json
import re
from collections import defaultdict
from urllib.parse import parse_qs

SCHEMA = """
CREATE TABLE IF NOT EXISTS notes (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL CHECK (length(trim(title)) BETWEEN 1 AND 200),
    body TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS note_tags (
    note_id INTEGER NOT NULL REFERENCES notes(id) ON DELETE CASCADE,
    tag TEXT NOT NULL,
    PRIMARY KEY (note_id, tag)
);
CREATE INDEX IF NOT EXISTS note_tags_by_tag ON note_tags (tag, note_id);
"""

PAGE = "SELECT id, title, body FROM notes WHERE id < ? ORDER BY id DESC LIMIT ?"
PAGE_WITH_TAG = """
SELECT id, title, body FROM notes
WHERE id < ? AND id IN (SELECT note_id FROM note_tags WHERE tag = ?)
ORDER BY id DESC LIMIT ?
"""


class Invalid(ValueError):
    """A request whose data breaks a rule: answered with 400 and the message."""


class NoteRepository:
    """The only code that knows the SQL: notes in, dicts out."""

    def __init__(self, conn):
        self.conn = conn
        conn.execute("PRAGMA foreign_keys = ON")  # for ON DELETE CASCADE
        conn.executescript(SCHEMA)

    def create(self, title, body, tags):
        with self.conn:
            note_id = self.conn.execute("INSERT INTO notes (title, body) VALUES (?, ?)", (title, body)).lastrowid
            self.conn.executemany(
                "INSERT INTO note_tags (note_id, tag) VALUES (?, ?)", [(note_id, tag) for tag in sorted(set(tags))]
            )
        return self.get(note_id)

    def get(self, note_id):
        row = self.conn.execute("SELECT id, title, body FROM notes WHERE id = ?", (note_id,)).fetchone()
        if row is None:
            return None
        tags = [t for (t,) in self.conn.execute("SELECT tag FROM note_tags WHERE note_id = ? ORDER BY tag", (note_id,))]
        return _note(row, tags)

    def update(self, note_id, changes):
        with self.conn:  # None leaves a column as it is
            cursor = self.conn.execute(
                "UPDATE notes SET title = coalesce(?, title), body = coalesce(?, body) WHERE id = ?",
                (changes.get("title"), changes.get("body"), note_id),
            )
        return self.get(note_id) if cursor.rowcount == 1 else None

    def delete(self, note_id):
        with self.conn:
            return self.conn.execute("DELETE FROM notes WHERE id = ?", (note_id,)).rowcount == 1

    def page(self, limit, after=None, tag=None):
        """Newest first: up to `limit` notes with an id below `after`, and the next cursor."""
        below = after if after is not None else 2**63 - 1
        if tag is None:
            rows = self.conn.execute(PAGE, (below, limit)).fetchall()
        else:
            rows = self.conn.execute(PAGE_WITH_TAG, (below, tag, limit)).fetchall()
        rows, more = rows[:limit], len(rows) == limit
        tags = defaultdict(list)
        if rows:  # the tags of the whole page in one query: the ids go in as one JSON parameter
            for note_id, name in self.conn.execute(
                "SELECT note_id, tag FROM note_tags WHERE note_id IN (SELECT value FROM json_each(?)) ORDER BY tag",
                (json.dumps([row[0] for row in rows]),),
            ):
                tags[note_id].append(name)
        return [_note(row, tags[row[0]]) for row in rows], (rows[-1][0] if more else None)


def _note(row, tags):
    note_id, title, body = row
    return {"id": note_id, "title": title, "body": body, "tags": list(tags)}


def _title(value):
    if not isinstance(value, str) or not value.strip():
        raise Invalid("title must be a non-empty string")
    if len(value.strip()) > 200:
        raise Invalid("title must be at most 200 characters")
    return value.strip()


def _body(value):
    if not isinstance(value, str):
        raise Invalid("body must be a string")
    return value


def _tags(value):
    if not isinstance(value, list) or not all(isinstance(t, str) and t.strip() for t in value):
        raise Invalid("tags must be a list of non-empty strings")
    return [t.strip().lower() for t in value]


def _positive(query, name, default, largest):
    values = query.get(name)
    if not values:
        return default
    if not values[0].isdigit() or not 1 <= int(values[0]) <= largest:
        raise Invalid(f"{name} must be a whole number from 1 to {largest}")
    return int(values[0])


STATUS = {200: "200 OK", 201: "201 Created", 204: "204 No Content", 400: "400 Bad Request",
          404: "404 Not Found", 405: "405 Method Not Allowed"}


def make_app(conn):
    """The WSGI app, with its data in the database behind `conn`."""
    repo = NoteRepository(conn)

    def read_json(environ):
        try:
            size = int(environ.get("CONTENT_LENGTH") or 0)
            data = json.loads(environ["wsgi.input"].read(size) or b"null")
        except ValueError:
            raise Invalid("the body is not valid JSON") from None
        if not isinstance(data, dict):
            raise Invalid("the body must be a JSON object")
        return data

    def handle(environ):
        method, path = environ["REQUEST_METHOD"], environ.get("PATH_INFO", "")
        if path == "/notes":
            if method == "GET":
                query = parse_qs(environ.get("QUERY_STRING", ""))
                limit = _positive(query, "limit", 20, 100)
                after = _positive(query, "after", None, 2**62)
                tag = query.get("tag", [None])[0]
                notes, cursor = repo.page(limit, after, tag.strip().lower() if tag else None)
                return 200, {"notes": notes, "next": cursor}, []
            if method == "POST":
                data = read_json(environ)
                note = repo.create(_title(data.get("title")), _body(data.get("body", "")), _tags(data.get("tags", [])))
                return 201, note, [("Location", f"/notes/{note['id']}")]
            return 405, {"error": "method not allowed"}, [("Allow", "GET, POST")]
        match = re.fullmatch(r"/notes/(\d+)", path)
        if not match:
            return 404, {"error": "not found"}, []
        note_id = int(match.group(1))
        if method == "GET":
            note = repo.get(note_id)
        elif method == "PATCH":
            data = read_json(environ)
            changes = {}
            if "title" in data:
                changes["title"] = _title(data["title"])
            if "body" in data:
                changes["body"] = _body(data["body"])
            note = repo.update(note_id, changes)
        elif method == "DELETE":
            return (204, None, []) if repo.delete(note_id) else (404, {"error": "not found"}, [])
        else:
            return 405, {"error": "method not allowed"}, [("Allow", "GET, PATCH, DELETE")]
        return (200, note, []) if note is not None else (404, {"error": "not found"}, [])

    def app(environ, start_response):
        try:
            status, payload, headers = handle(environ)
        except Invalid as exc:
            status, payload, headers = 400, {"error": str(exc)}, []
        body = b"" if payload is None else json.dumps(payload).encode()
        headers = ([("Content-Type", "application/json")] if payload is not None else []) + headers
        start_response(STATUS[status], headers + [("Content-Length", str(len(body)))])
        return [body]

    return app
