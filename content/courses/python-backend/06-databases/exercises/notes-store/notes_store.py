"""A notes API: a WSGI app over a repository that keeps the notes in SQLite."""
import json

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


class NoteRepository:
    """The only code that knows the SQL: notes in, dicts out."""

    def __init__(self, conn):
        self.conn = conn
        conn.executescript(SCHEMA)


def make_app(conn):
    """The WSGI app, with its data in the database behind `conn`."""
    repo = NoteRepository(conn)

    def app(environ, start_response):
        body = json.dumps({"error": "not found"}).encode()
        start_response("404 Not Found", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
        return [body]

    return app
