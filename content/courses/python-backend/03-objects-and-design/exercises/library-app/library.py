"""A lending library in three layers.

data layer     BookRepository (a protocol) and InMemoryBookRepository
service layer  LibraryService: the rules, raising NotFound / Conflict
API layer      LibraryAPI.handle(method, path, body) -> {"status": ..., "body": ...}
"""
from dataclasses import dataclass, replace
from typing import Optional, Protocol, runtime_checkable

MAX_LOANS = 3


# --- errors -----------------------------------------------------------------------------------

class NotFound(Exception):  # TODO: a kind of LookupError
    """The thing asked for does not exist."""


class Conflict(Exception):
    """A rule of the library forbids the action."""


# --- models -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Book:
    isbn: str
    title: str
    author: str
    copies: int
    borrowers: tuple = ()

    # TODO: __post_init__ (copies, borrowers) and the property `available`


# --- data layer -------------------------------------------------------------------------------

class BookRepository:  # TODO: a runtime-checkable Protocol with get, save and all
    pass


class InMemoryBookRepository:
    def get(self, isbn):
        raise NotImplementedError

    def save(self, book):
        raise NotImplementedError

    def all(self):
        raise NotImplementedError


# --- service layer ----------------------------------------------------------------------------

class LibraryService:
    def __init__(self, repository):
        raise NotImplementedError("keep the repository: the service has no storage of its own")

    def add_book(self, isbn, title, author, copies):
        raise NotImplementedError

    def get_book(self, isbn):
        raise NotImplementedError

    def list_books(self):
        raise NotImplementedError

    def loans_of(self, member):
        raise NotImplementedError

    def borrow(self, isbn, member):
        raise NotImplementedError

    def give_back(self, isbn, member):
        raise NotImplementedError


# --- API layer --------------------------------------------------------------------------------

class LibraryAPI:
    def __init__(self, service):
        raise NotImplementedError("keep the service")

    def handle(self, method, path, body=None):
        raise NotImplementedError("route, validate, call the service, map errors to statuses")


def make_app(repository=None):
    """Wire the three layers; an in-memory repository unless one is given."""
    raise NotImplementedError
