"""The route table: path patterns such as /books/<id>, and for each method an Operation saying
what handles it, who may call it and what it answers. The same table routes requests, guards
them, and is published as the OpenAPI description, so the three can't disagree."""

import re
from dataclasses import dataclass, field

from .http import HTTPError

# Who may call an operation: anyone, anyone logged in, or librarians only.
PUBLIC, ACCOUNT, LIBRARIAN = "public", "account", "librarian"


@dataclass
class Operation:
    handler: object
    summary: str
    status: int  # the success status
    response: str | None = None  # the schema of the success body (components/schemas), if any
    access: str = PUBLIC
    body: str | None = None  # the schema of the JSON request body, if any
    errors: tuple = ()  # error statuses of the handler itself (409, 400...)
    query: tuple = ()  # (name, schema type, description) of the query parameters
    headers: dict = field(default_factory=dict)  # success response headers: name -> description

    def error_statuses(self, has_id):
        """Every error status this operation can answer, the common ones included."""
        statuses = set(self.errors)
        if self.access != PUBLIC:
            statuses.add(401)
        if self.access == LIBRARIAN:
            statuses.add(403)
        if self.body:
            statuses.update((400, 415, 422))
        if has_id:
            statuses.add(404)
        return sorted(statuses)


class Router:
    def __init__(self):
        self.routes = []  # (template, compiled pattern, {method: Operation})

    def add(self, template, **operations):
        """router.add("/books/<id>", GET=Operation(...), ...): ids are digits only."""
        pattern = re.compile("^" + re.sub(r"<(\w+)>", r"(?P<\1>[0-9]+)", template) + r"\Z")
        self.routes.append((template, pattern, {m.upper(): op for m, op in operations.items()}))

    def resolve(self, method, path):
        """The operation and its path parameters; 404 for an unknown path, 405 for a known path
        asked with a method it does not have (with the Allow header listing those it has)."""
        for _template, pattern, operations in self.routes:
            match = pattern.match(path)
            if match is None:
                continue
            if method not in operations:
                allow = ", ".join(sorted(operations))
                raise HTTPError(405, f"{method} is not allowed here; use {allow}", [("Allow", allow)])
            return operations[method], {name: int(value) for name, value in match.groupdict().items()}
        raise HTTPError(404, f"nothing at {path}")
