import unittest

import pytest

from library import (
    MAX_LOANS,
    Book,
    BookRepository,
    Conflict,
    InMemoryBookRepository,
    LibraryAPI,
    LibraryService,
    NotFound,
    make_app,
)

REFACTORING = {"isbn": "978-0-13-468599-1", "title": "Refactoring", "author": "Martin Fowler", "copies": 2}
REFACTORING_JSON = {"isbn": "9780134685991", "title": "Refactoring", "author": "Martin Fowler", "copies": 2, "available": 2}
SICP = {"isbn": "0262510871", "title": "Structure and Interpretation of Computer Programs", "author": "Abelson, Sussman", "copies": 1}
DDD = {"isbn": "9780321125217", "title": "Domain-Driven Design", "author": "Eric Evans", "copies": 3}


def app_with_books(*books):
    app = make_app()
    for book in books:
        assert app.handle("POST", "/books", book)["status"] == 201
    return app


def service_with(*books):
    service = LibraryService(InMemoryBookRepository())
    for isbn, copies in books:
        service.add_book(isbn, f"Title {isbn}", "Someone", copies)
    return service


class FakeRepository:
    """A repository written by the tests: the service may use only get, save and all."""

    def __init__(self):
        self.books = {}
        self.saves = 0

    def get(self, isbn):
        return self.books.get(isbn)

    def save(self, book):
        self.saves += 1
        self.books[book.isbn] = book

    def all(self):
        return list(self.books.values())


# --- models ------------------------------------------------------------------------------------

class BookTest(unittest.TestCase):
    def test_available_counts_the_copies_not_lent(self):
        self.assertEqual(Book("1234567890", "T", "A", 3, ("ada",)).available, 2)
        self.assertEqual(Book("1234567890", "T", "A", 1).available, 1)

    def test_a_book_is_frozen(self):
        book = Book("1234567890", "T", "A", 3)
        with self.assertRaises(AttributeError):
            book.copies = 5

    def test_a_book_needs_at_least_one_copy(self):
        with self.assertRaises(ValueError):
            Book("1234567890", "T", "A", 0)

    def test_copies_must_be_an_int_not_a_bool_or_a_float(self):
        for copies in (True, 2.0, "2"):
            with self.subTest(copies=copies):
                with self.assertRaises(ValueError):
                    Book("1234567890", "T", "A", copies)

    def test_no_more_borrowers_than_copies(self):
        with self.assertRaises(ValueError):
            Book("1234567890", "T", "A", 1, ("ada", "bo"))


# --- data layer --------------------------------------------------------------------------------

class RepositoryTest(unittest.TestCase):
    def test_the_in_memory_repository_fits_the_protocol(self):
        self.assertIsInstance(InMemoryBookRepository(), BookRepository)

    def test_other_objects_do_not_fit_the_protocol(self):
        self.assertNotIsInstance({}, BookRepository)
        self.assertNotIsInstance(LibraryService(InMemoryBookRepository()), BookRepository)

    def test_save_get_and_all(self):
        repository = InMemoryBookRepository()
        self.assertIsNone(repository.get("1234567890"))
        first, second = Book("1234567890", "T", "A", 1), Book("9999999999", "U", "B", 2)
        repository.save(first)
        repository.save(second)
        self.assertEqual(repository.get("1234567890"), first)
        self.assertEqual(repository.all(), [first, second])

    def test_save_replaces_the_book_with_the_same_isbn(self):
        repository = InMemoryBookRepository()
        repository.save(Book("1234567890", "T", "A", 1))
        repository.save(Book("1234567890", "T", "A", 1, ("ada",)))
        self.assertEqual(repository.all(), [Book("1234567890", "T", "A", 1, ("ada",))])

    def test_all_keeps_the_order_of_the_first_save(self):
        repository = InMemoryBookRepository()
        first, second = Book("1234567890", "T", "A", 1), Book("9999999999", "U", "B", 2)
        repository.save(first)
        repository.save(second)
        lent = Book("1234567890", "T", "A", 1, ("ada",))
        repository.save(lent)
        self.assertEqual(repository.all(), [lent, second], "replacing a book must not move it to the end")

    def test_every_repository_is_separate(self):
        InMemoryBookRepository().save(Book("1234567890", "T", "A", 1))
        self.assertEqual(InMemoryBookRepository().all(), [])


# --- service layer -----------------------------------------------------------------------------

def test_add_and_get_a_book():
    service = LibraryService(InMemoryBookRepository())
    added = service.add_book("9780134685991", "Refactoring", "Martin Fowler", 2)
    assert added == Book("9780134685991", "Refactoring", "Martin Fowler", 2)
    assert service.get_book("9780134685991") == added


def test_adding_an_isbn_twice_is_a_conflict():
    service = service_with(("1234567890", 1))
    with pytest.raises(Conflict, match="a book with isbn 1234567890 already exists"):
        service.add_book("1234567890", "Other", "Someone", 1)


def test_an_unknown_isbn_is_not_found():
    service = service_with()
    with pytest.raises(NotFound, match="no book with isbn 1234567890"):
        service.get_book("1234567890")
    assert issubclass(NotFound, LookupError)


def test_list_books_sorted_by_title_then_isbn():
    service = LibraryService(InMemoryBookRepository())
    service.add_book("3333333333", "Beta", "X", 1)
    service.add_book("2222222222", "Alpha", "X", 1)
    service.add_book("1111111111", "Beta", "Y", 1)
    assert [book.isbn for book in service.list_books()] == ["2222222222", "1111111111", "3333333333"]


def test_borrow_and_give_back():
    service = service_with(("1234567890", 2))
    assert service.borrow("1234567890", "ada").available == 1
    assert service.borrow("1234567890", "bo").borrowers == ("ada", "bo")
    assert service.loans_of("ada") == ["1234567890"]
    returned = service.give_back("1234567890", "ada")
    assert (returned.borrowers, returned.available) == (("bo",), 1)
    assert service.get_book("1234567890") == returned
    assert service.loans_of("ada") == []


@pytest.mark.parametrize(
    "setup, action, message",
    [
        ([("ada", "1234567890")], ("1234567890", "ada"), "ada already has 1234567890"),
        ([("bo", "1234567890")], ("1234567890", "ada"), "no copies of 1234567890 left"),
        (
            [("ada", "2000000000"), ("ada", "3000000000"), ("ada", "4000000000")],
            ("1234567890", "ada"),
            f"ada already has {MAX_LOANS} books",
        ),
        (
            [("ada", "1234567890"), ("ada", "2000000000"), ("ada", "3000000000")],
            ("1234567890", "ada"),
            "ada already has 1234567890",
        ),
    ],
    ids=["twice", "no copies left", "too many loans", "twice is checked before the loan limit"],
)
def test_borrow_rules(setup, action, message):
    service = service_with(("1234567890", 1), ("2000000000", 1), ("3000000000", 1), ("4000000000", 1))
    for member, isbn in setup:
        service.borrow(isbn, member)
    with pytest.raises(Conflict) as excinfo:
        service.borrow(*action)
    assert str(excinfo.value) == message
    assert service.get_book("1234567890").borrowers == tuple(m for m, i in setup if i == "1234567890")


def test_borrow_checks_the_book_first():
    with pytest.raises(NotFound):
        service_with().borrow("1234567890", "ada")


def test_the_loan_limit_is_checked_before_the_copies():
    service = service_with(("1234567890", 1), ("2000000000", 1), ("3000000000", 1), ("4000000000", 1))
    service.borrow("1234567890", "bo")
    for isbn in ("2000000000", "3000000000", "4000000000"):
        service.borrow(isbn, "ada")
    with pytest.raises(Conflict, match="ada already has 3 books"):
        service.borrow("1234567890", "ada")


def test_giving_back_a_book_you_do_not_have_is_a_conflict():
    service = service_with(("1234567890", 1))
    with pytest.raises(Conflict, match="ada has not borrowed 1234567890"):
        service.give_back("1234567890", "ada")


def test_the_service_works_with_any_repository():
    repository = FakeRepository()
    service = LibraryService(repository)
    service.add_book("1234567890", "T", "A", 2)
    service.borrow("1234567890", "ada")
    assert repository.get("1234567890") == Book("1234567890", "T", "A", 2, ("ada",))
    assert repository.saves == 2, "add_book and borrow should each save the book once"


def test_the_service_keeps_no_state_of_its_own():
    repository = FakeRepository()
    first, second = LibraryService(repository), LibraryService(repository)
    first.add_book("1234567890", "T", "A", 1)
    first.borrow("1234567890", "ada")
    assert second.get_book("1234567890").borrowers == ("ada",)
    assert second.loans_of("ada") == ["1234567890"]


# --- API layer ---------------------------------------------------------------------------------

def test_post_a_book():
    app = make_app()
    assert app.handle("POST", "/books", REFACTORING) == {"status": 201, "body": REFACTORING_JSON}


def test_get_a_book_by_isbn_with_or_without_hyphens():
    app = app_with_books(REFACTORING)
    assert app.handle("GET", "/books/9780134685991") == {"status": 200, "body": REFACTORING_JSON}
    assert app.handle("GET", "/books/978-0-13-468599-1") == {"status": 200, "body": REFACTORING_JSON}


def test_list_books():
    app = app_with_books(SICP, REFACTORING, DDD)
    titles = [book["title"] for book in app.handle("GET", "/books")["body"]["books"]]
    assert titles == ["Domain-Driven Design", "Refactoring", "Structure and Interpretation of Computer Programs"]


def test_no_books():
    assert make_app().handle("GET", "/books") == {"status": 200, "body": {"books": []}}


def test_every_app_has_its_own_storage():
    app_with_books(REFACTORING)
    assert make_app().handle("GET", "/books") == {"status": 200, "body": {"books": []}}


def test_make_app_uses_the_repository_it_is_given():
    repository = FakeRepository()
    app = make_app(repository)
    app.handle("POST", "/books", SICP)
    assert repository.get("0262510871") == Book("0262510871", SICP["title"], SICP["author"], 1)


def test_a_loan_round_trip():
    app = app_with_books(REFACTORING)
    loan = {"isbn": "9780134685991", "member": "ada"}
    assert app.handle("POST", "/loans", loan) == {"status": 201, "body": dict(REFACTORING_JSON, available=1)}
    assert app.handle("GET", "/members/ada/loans") == {"status": 200, "body": {"member": "ada", "isbns": ["9780134685991"]}}
    assert app.handle("DELETE", "/loans", loan) == {"status": 200, "body": REFACTORING_JSON}
    assert app.handle("GET", "/members/ada/loans") == {"status": 200, "body": {"member": "ada", "isbns": []}}


def test_the_api_does_not_reveal_who_borrowed_a_book():
    app = app_with_books(REFACTORING)
    app.handle("POST", "/loans", {"isbn": "9780134685991", "member": "ada"})
    assert app.handle("GET", "/books/9780134685991")["body"] == dict(REFACTORING_JSON, available=1)


def bad_field(field, value, message):
    return pytest.param({field: value}, message, id=f"{field}={value!r}")


@pytest.mark.parametrize(
    "changes, message",
    [
        bad_field("isbn", "12345", "isbn: must be 10 or 13 digits"),
        bad_field("isbn", "978-0-13-46859X-1", "isbn: must be 10 or 13 digits"),
        bad_field("isbn", 9780134685991, "isbn: expected str, got int"),
        bad_field("title", "   ", "title: must not be empty"),
        bad_field("author", None, "author: expected str, got NoneType"),
        bad_field("copies", 0, "copies: must be between 1 and 100"),
        bad_field("copies", 101, "copies: must be between 1 and 100"),
        bad_field("copies", "2", "copies: expected int, got str"),
        bad_field("copies", True, "copies: expected int, got bool"),
        bad_field("price", 30, "price: unknown field"),
    ],
)
def test_post_a_book_with_a_bad_field(changes, message):
    app = make_app()
    response = app.handle("POST", "/books", dict(REFACTORING, **changes))
    assert response == {"status": 400, "body": {"error": message}}
    assert app.handle("GET", "/books")["body"] == {"books": []}, "a refused book must not be stored"


@pytest.mark.parametrize(
    "body, message",
    [
        ({"isbn": "0262510871", "title": "SICP", "author": "Abelson"}, "copies: required"),
        (["0262510871", "SICP"], "body: expected an object, got list"),
        (None, "body: expected an object, got NoneType"),
    ],
    ids=["missing copies", "a list", "no body"],
)
def test_post_a_book_with_a_bad_body(body, message):
    assert make_app().handle("POST", "/books", body) == {"status": 400, "body": {"error": message}}


def test_post_a_book_twice():
    app = app_with_books(REFACTORING)
    response = app.handle("POST", "/books", dict(REFACTORING, isbn="9780134685991", title="Refactoring, 2nd ed."))
    assert response == {"status": 409, "body": {"error": "a book with isbn 9780134685991 already exists"}}


def test_get_an_unknown_book():
    assert make_app().handle("GET", "/books/1234567890") == {"status": 404, "body": {"error": "no book with isbn 1234567890"}}


def test_get_a_book_with_a_malformed_isbn():
    assert make_app().handle("GET", "/books/abc") == {"status": 400, "body": {"error": "isbn: must be 10 or 13 digits"}}


@pytest.mark.parametrize(
    "method, body, expected",
    [
        ("POST", {"isbn": "9780134685991"}, (400, "member: required")),
        ("POST", {"isbn": "9780134685991", "member": " "}, (400, "member: must not be empty")),
        ("POST", {"isbn": "1234567890", "member": "ada"}, (404, "no book with isbn 1234567890")),
        ("DELETE", {"isbn": "9780134685991", "member": "ada"}, (409, "ada has not borrowed 9780134685991")),
    ],
    ids=["no member", "blank member", "unknown book", "give back a book not borrowed"],
)
def test_loan_errors(method, body, expected):
    app = app_with_books(REFACTORING)
    status, message = expected
    assert app.handle(method, "/loans", body) == {"status": status, "body": {"error": message}}


def test_borrowing_rules_become_409():
    app = app_with_books(SICP)
    loan = {"isbn": "0262510871", "member": "ada"}
    assert app.handle("POST", "/loans", loan)["status"] == 201
    assert app.handle("POST", "/loans", loan) == {"status": 409, "body": {"error": "ada already has 0262510871"}}
    other = {"isbn": "0262510871", "member": "bo"}
    assert app.handle("POST", "/loans", other) == {"status": 409, "body": {"error": "no copies of 0262510871 left"}}


def test_member_names_are_stripped():
    app = app_with_books(DDD)
    app.handle("POST", "/loans", {"isbn": "9780321125217", "member": "  ada "})
    assert app.handle("GET", "/members/ada/loans")["body"] == {"member": "ada", "isbns": ["9780321125217"]}


@pytest.mark.parametrize(
    "method, path, status, message",
    [
        ("GET", "/authors", 404, "no route for GET /authors"),
        ("GET", "/books/9780134685991/reviews", 404, "no route for GET /books/9780134685991/reviews"),
        ("PUT", "/books", 405, "method PUT not allowed on /books"),
        ("DELETE", "/books/9780134685991", 405, "method DELETE not allowed on /books/9780134685991"),
        ("GET", "/loans", 405, "method GET not allowed on /loans"),
    ],
    ids=["GET /authors", "GET /books/<isbn>/reviews", "PUT /books", "DELETE /books/<isbn>", "GET /loans"],
)
def test_unknown_routes_and_methods(method, path, status, message):
    assert make_app().handle(method, path) == {"status": status, "body": {"error": message}}


def test_the_api_can_be_built_from_its_parts():
    service = LibraryService(InMemoryBookRepository())
    service.add_book("0262510871", "SICP", "Abelson", 1)
    app = LibraryAPI(service)
    assert app.handle("GET", "/books/0262510871")["body"]["title"] == "SICP"
