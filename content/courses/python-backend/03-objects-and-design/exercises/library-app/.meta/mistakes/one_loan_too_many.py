"""A lending library in three layers.

data layer     BookRepository (a protocol) and InMemoryBookRepository
service layer  LibraryService: the rules, raising NotFound / Conflict
API layer      LibraryAPI.handle(method, path, body) -> {"status": ..., "body": ...}
"""
from dataclasses import dataclass, replace
from typing import Optional, Protocol, runtime_checkable

MAX_LOANS = 3


# --- errors -----------------------------------------------------------------------------------

class NotFound(LookupError):
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

    def __post_init__(self):
        if type(self.copies) is not int or self.copies < 1:
            raise ValueError(f"copies must be a whole number of at least 1, got {self.copies!r}")
        if len(self.borrowers) > self.copies:
            raise ValueError(f"{len(self.borrowers)} borrowers for {self.copies} copies")

    @property
    def available(self):
        return self.copies - len(self.borrowers)


# --- data layer -------------------------------------------------------------------------------

@runtime_checkable
class BookRepository(Protocol):
    def get(self, isbn: str) -> Optional[Book]: ...

    def save(self, book: Book) -> None: ...

    def all(self) -> "list[Book]": ...


class InMemoryBookRepository:
    def __init__(self):
        self._books = {}

    def get(self, isbn):
        return self._books.get(isbn)

    def save(self, book):
        self._books[book.isbn] = book

    def all(self):
        return list(self._books.values())


# --- service layer ----------------------------------------------------------------------------

class LibraryService:
    def __init__(self, repository: BookRepository):
        self._repository = repository

    def add_book(self, isbn, title, author, copies):
        if self._repository.get(isbn) is not None:
            raise Conflict(f"a book with isbn {isbn} already exists")
        book = Book(isbn, title, author, copies)
        self._repository.save(book)
        return book

    def get_book(self, isbn):
        book = self._repository.get(isbn)
        if book is None:
            raise NotFound(f"no book with isbn {isbn}")
        return book

    def list_books(self):
        return sorted(self._repository.all(), key=lambda book: (book.title, book.isbn))

    def loans_of(self, member):
        return sorted(book.isbn for book in self._repository.all() if member in book.borrowers)

    def borrow(self, isbn, member):
        book = self.get_book(isbn)
        if member in book.borrowers:
            raise Conflict(f"{member} already has {isbn}")
        if len(self.loans_of(member)) > MAX_LOANS:
            raise Conflict(f"{member} already has {MAX_LOANS} books")
        if book.available == 0:
            raise Conflict(f"no copies of {isbn} left")
        book = replace(book, borrowers=book.borrowers + (member,))
        self._repository.save(book)
        return book

    def give_back(self, isbn, member):
        book = self.get_book(isbn)
        if member not in book.borrowers:
            raise Conflict(f"{member} has not borrowed {isbn}")
        book = replace(book, borrowers=tuple(name for name in book.borrowers if name != member))
        self._repository.save(book)
        return book


# --- API layer: validation --------------------------------------------------------------------

BOOK_FIELDS = {"isbn": str, "title": str, "author": str, "copies": int}
LOAN_FIELDS = {"isbn": str, "member": str}


def _fields(body, spec):
    """Check an untrusted body against {field: type}; return the cleaned values."""
    if not isinstance(body, dict):
        raise TypeError(f"body: expected an object, got {type(body).__name__}")
    for key in sorted(set(body) - set(spec), key=str):
        raise ValueError(f"{key}: unknown field")
    values = {}
    for name, kind in spec.items():
        if name not in body:
            raise ValueError(f"{name}: required")
        value = body[name]
        if type(value) is not kind:
            raise TypeError(f"{name}: expected {kind.__name__}, got {type(value).__name__}")
        values[name] = _CLEAN[name](value)
    return values


def _isbn(text):
    digits = text.replace("-", "")
    if not (digits.isdigit() and digits.isascii() and len(digits) in (10, 13)):
        raise ValueError("isbn: must be 10 or 13 digits")
    return digits


def _text(name):
    def clean(value):
        value = value.strip()
        if not value:
            raise ValueError(f"{name}: must not be empty")
        return value

    return clean


def _copies(value):
    if not 1 <= value <= 100:
        raise ValueError("copies: must be between 1 and 100")
    return value


_CLEAN = {"isbn": _isbn, "title": _text("title"), "author": _text("author"), "member": _text("member"), "copies": _copies}


# --- API layer: routes ------------------------------------------------------------------------

def _book_json(book):
    return {"isbn": book.isbn, "title": book.title, "author": book.author, "copies": book.copies, "available": book.available}


class LibraryAPI:
    def __init__(self, service: LibraryService):
        self._service = service

    def handle(self, method, path, body=None):
        try:
            status, payload = self._route(method, path, body)
        except (TypeError, ValueError) as error:
            status, payload = 400, {"error": str(error)}
        except NotFound as error:
            status, payload = 404, {"error": str(error)}
        except Conflict as error:
            status, payload = 409, {"error": str(error)}
        return {"status": status, "body": payload}

    def _route(self, method, path, body):
        parts = path.strip("/").split("/")
        if parts == ["books"]:
            allowed = {"GET": self._list_books, "POST": lambda: self._add_book(body)}
        elif len(parts) == 2 and parts[0] == "books":
            allowed = {"GET": lambda: self._get_book(parts[1])}
        elif parts == ["loans"]:
            allowed = {"POST": lambda: self._borrow(body), "DELETE": lambda: self._give_back(body)}
        elif len(parts) == 3 and parts[0] == "members" and parts[2] == "loans":
            allowed = {"GET": lambda: self._loans(parts[1])}
        else:
            return 404, {"error": f"no route for {method} {path}"}
        if method not in allowed:
            return 405, {"error": f"method {method} not allowed on {path}"}
        return allowed[method]()

    def _add_book(self, body):
        return 201, _book_json(self._service.add_book(**_fields(body, BOOK_FIELDS)))

    def _list_books(self):
        return 200, {"books": [_book_json(book) for book in self._service.list_books()]}

    def _get_book(self, isbn):
        return 200, _book_json(self._service.get_book(_isbn(isbn)))

    def _borrow(self, body):
        return 201, _book_json(self._service.borrow(**_fields(body, LOAN_FIELDS)))

    def _give_back(self, body):
        return 200, _book_json(self._service.give_back(**_fields(body, LOAN_FIELDS)))

    def _loans(self, member):
        return 200, {"member": member, "isbns": self._service.loans_of(member)}


def make_app(repository=None):
    """Wire the three layers; an in-memory repository unless one is given."""
    if repository is None:
        repository = InMemoryBookRepository()
    return LibraryAPI(LibraryService(repository))
