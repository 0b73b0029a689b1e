"""Checks what clients send. Each function returns clean fields or raises HTTPError(422)."""

import re

from .http import HTTPError

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+\Z")


def _text(data, name, longest):
    value = data[name]
    if not isinstance(value, str) or not value.strip():
        raise HTTPError(422, f"{name} must be a non-empty string")
    value = value.strip()
    if len(value) > longest:
        raise HTTPError(422, f"{name} must be at most {longest} characters")
    return value


def _integer(data, name, low, high):
    value = data[name]
    # bool is a subclass of int in Python: true is not a year.
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise HTTPError(422, f"{name} must be a whole number from {low} to {high}")
    return value


BOOK_FIELDS = {
    "title": lambda data: _text(data, "title", 200),
    "author": lambda data: _text(data, "author", 100),
    "year": lambda data: _integer(data, "year", 1, 2100),
    "copies": lambda data: _integer(data, "copies", 0, 1000),
}
BOOK_DEFAULTS = {"copies": 1}

MEMBER_FIELDS = {
    "name": lambda data: _text(data, "name", 100),
    "email": lambda data: _email(data),
}
MEMBER_DEFAULTS = {}


def _email(data):
    value = _text(data, "email", 254)
    if not EMAIL.match(value):
        raise HTTPError(422, "email must look like name@example.org")
    return value


def clean(data, fields, defaults, partial=False):
    """The checked fields of `data`. A full record (POST, PUT) needs every field without a
    default; a partial one (PATCH) only checks the fields it has. Unknown fields are refused:
    a typo such as "titel" should not be silently dropped."""
    unknown = sorted(set(data) - set(fields))
    if unknown:
        raise HTTPError(422, f"unknown field(s): {', '.join(unknown)}")
    out = {}
    for name, check in fields.items():
        if name in data:
            out[name] = check(data)
        elif not partial:
            if name not in defaults:
                raise HTTPError(422, f"{name} is required")
            out[name] = defaults[name]
    return out
