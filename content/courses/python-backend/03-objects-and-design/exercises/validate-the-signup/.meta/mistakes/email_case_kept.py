"""Validate a signup request body (an untrusted dict) into a Signup, once, at the boundary."""
import re
from dataclasses import MISSING, dataclass, fields
from typing import get_type_hints

USERNAME = re.compile(r"[A-Za-z0-9_]{3,20}")
EMAIL = re.compile(r"[^@\s]+@[^@\s.][^@\s]*\.[^@\s]*[^@\s.]")


@dataclass(frozen=True)
class Signup:
    username: str
    email: str
    age: int
    newsletter: bool = False


def _check_username(value: str) -> str:
    value = value.strip()
    if not USERNAME.fullmatch(value):
        raise ValueError("must be 3-20 letters, digits or underscores")
    return value.lower()


def _check_email(value: str) -> str:
    value = value.strip()
    if not EMAIL.fullmatch(value):
        raise ValueError("not a valid address")
    return value


def _check_age(value: int) -> int:
    if not 13 <= value <= 130:
        raise ValueError("must be between 13 and 130")
    return value


RULES = {"username": _check_username, "email": _check_email, "age": _check_age}


def _problems(data):
    """Yield (exception class, message) for every problem; and the cleaned values, last."""
    if not isinstance(data, dict):
        yield TypeError, f"body: expected an object, got {type(data).__name__}"
        return
    hints = get_type_hints(Signup)
    for key in sorted(set(data) - set(hints), key=str):
        yield ValueError, f"{key}: unknown field"
    for field in fields(Signup):
        name, expected = field.name, hints[field.name]
        if name not in data:
            if field.default is MISSING:
                yield ValueError, f"{name}: required"
            continue
        value = data[name]
        if type(value) is not expected:  # exact type: True is not an int here
            yield TypeError, f"{name}: expected {expected.__name__}, got {type(value).__name__}"
            continue
        rule = RULES.get(name)
        if rule is not None:
            try:
                rule(value)
            except ValueError as error:
                yield ValueError, f"{name}: {error}"


def validation_errors(data: object) -> "list[str]":
    """Every problem with `data`, as messages; an empty list when it is a valid signup."""
    return [message for _, message in _problems(data)]


def parse_signup(data: object) -> Signup:
    """A clean Signup from `data`, or the first problem raised as TypeError/ValueError."""
    for error_class, message in _problems(data):
        raise error_class(message)
    values = {}
    for name, value in data.items():
        rule = RULES.get(name)
        values[name] = rule(value) if rule else value
    return Signup(**values)
