"""A notes API in three layers: HTTP routes -> NoteService (rules) -> NoteRepository (storage).

Read the instructions for the rules of each layer. The names below are what the tests use.
"""

import json


class NotFound(Exception):
    """The service raises it for a note that does not exist."""


class ValidationError(Exception):
    """The service raises it with `fields`: {field name: problem}."""

    def __init__(self, fields):
        super().__init__(fields)
        self.fields = fields


class Conflict(Exception):
    """The service raises it when a PATCH names an old version."""


class NoteRepository:
    """In-memory storage: add, get, replace, remove, scan."""

    def add(self, note):
        raise NotImplementedError

    def get(self, note_id):
        raise NotImplementedError

    def replace(self, note):
        raise NotImplementedError

    def remove(self, note_id):
        raise NotImplementedError

    def scan(self, after_id, tag, limit):
        raise NotImplementedError


class NoteService:
    """The rules of notes. Knows nothing about HTTP."""

    def __init__(self, repository):
        self.repository = repository

    def create(self, data):
        raise NotImplementedError

    def get(self, note_id):
        raise NotImplementedError

    def update(self, note_id, data):
        raise NotImplementedError

    def delete(self, note_id):
        raise NotImplementedError

    def list(self, tag=None, after=0, limit=20):
        raise NotImplementedError


def make_app(service=None):
    """A WSGI app over `service` (a new NoteService with an empty NoteRepository by default)."""
    service = service if service is not None else NoteService(NoteRepository())

    def app(environ, start_response):
        body = json.dumps({"error": "not implemented yet"}).encode("utf-8")
        start_response("501 Not Implemented", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
        return [body]

    return app


app = make_app()
