"""Validate a signup request body (an untrusted dict) into a Signup, once, at the boundary."""
from dataclasses import dataclass


@dataclass(frozen=True)
class Signup:
    username: str
    email: str
    age: int
    newsletter: bool = False


def validation_errors(data: object) -> "list[str]":
    """Every problem with `data`, as messages; an empty list when it is a valid signup."""
    raise NotImplementedError("collect every problem")


def parse_signup(data: object) -> Signup:
    """A clean Signup from `data`, or the first problem raised as TypeError/ValueError."""
    raise NotImplementedError("check, clean, build a Signup")
