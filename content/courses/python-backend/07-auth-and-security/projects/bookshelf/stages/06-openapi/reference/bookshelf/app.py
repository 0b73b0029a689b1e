"""The WSGI application: the route table, the handlers, and the checks and error handling
around them."""

import sys
import threading
import time
import traceback
from http.cookies import CookieError, SimpleCookie

from . import cursors, openapi, validation
from .accounts import SESSION_SECONDS, Accounts, UsernameTaken
from .http import HTTPError, Request, error_response, json_response, no_content
from .routing import ACCOUNT, LIBRARIAN, PUBLIC, Operation, Router
from .storage import Conflict, Invalid, Store, connect

COOKIE = "session"
LOCATION = {"Location": "Where the new record lives"}
SETS_COOKIE = {"Set-Cookie": "The session cookie (HttpOnly, SameSite=Lax, 8 hours)"}
BOOK_QUERY = (
    ("author", "string", "Only books by this author (the whole name, ignoring case)"),
    ("q", "string", "Only books whose title contains this text, ignoring case"),
    ("tag", "string", "Only books with this tag"),
    ("limit", "integer", "Books per page, 1 to 100 (default 20)"),
    ("cursor", "string", "The next_cursor of the previous page"),
)


class Bookshelf:
    def __init__(self, store, accounts):
        # One SQLite connection serves every request: on a server with a thread per request
        # (pydojo run, for one), requests take turns.
        self.lock = threading.Lock()
        self.store = store
        self.accounts = accounts
        self.router = Router()
        self.declare_routes()
        self.description = openapi.describe(self.router)

    def declare_routes(self):
        route, op = self.router.add, Operation
        route(
            "/books",
            GET=op(self.list_books, "Search the catalogue, a page at a time", 200, "BookPage", errors=(400,), query=BOOK_QUERY),
            POST=op(self.creator("books"), "Add a book", 201, "Book", LIBRARIAN, "BookInput", (409,), headers=LOCATION),
        )
        route(
            "/books/<id>",
            GET=op(self.getter("books"), "A book", 200, "Book"),
            PUT=op(self.updater("books", False), "Replace a book", 200, "Book", LIBRARIAN, "BookInput", (409,)),
            PATCH=op(self.updater("books", True), "Change some of a book's fields", 200, "Book", LIBRARIAN, "BookPatch", (409,)),
            DELETE=op(self.deleter("books"), "Delete a book (not while a copy is on loan)", 204, None, LIBRARIAN, errors=(409,)),
        )
        # Members' names and emails are personal data: for the desk's eyes only.
        route(
            "/members",
            GET=op(self.lister("members"), "Every member", 200, "MemberList", LIBRARIAN),
            POST=op(self.creator("members"), "Register a member", 201, "Member", LIBRARIAN, "MemberInput", headers=LOCATION),
        )
        route(
            "/members/<id>",
            GET=op(self.getter("members"), "A member", 200, "Member", LIBRARIAN),
            PUT=op(self.updater("members", False), "Replace a member", 200, "Member", LIBRARIAN, "MemberInput"),
            PATCH=op(self.updater("members", True), "Change some of a member's fields", 200, "Member", LIBRARIAN, "MemberPatch"),
            DELETE=op(self.deleter("members"), "Delete a member (not while they have a loan)", 204, None, LIBRARIAN, errors=(409,)),
        )
        route("/members/<id>/loans", GET=op(self.member_loans, "A member's loans, oldest first", 200, "LoanList", LIBRARIAN))
        route("/loans", POST=op(self.borrow, "Lend a basket of books, all or none", 201, "LoanBatch", LIBRARIAN, "LoanInput", (409,)))
        route("/loans/<id>", GET=op(self.getter("loans"), "A loan", 200, "Loan", LIBRARIAN))
        route("/loans/<id>/return", POST=op(self.give_back, "Take a book back", 200, "Loan", LIBRARIAN, errors=(409,)))
        route("/accounts", POST=op(self.register, "Sign up (and log in)", 201, "Account", PUBLIC, "Credentials", (409,), headers=SETS_COOKIE))
        route("/login", POST=op(self.login, "Log in", 200, "Account", PUBLIC, "Credentials", (401,), headers=SETS_COOKIE))
        route("/logout", POST=op(self.logout, "Log out: the session ends", 204, None, ACCOUNT))
        route("/me", GET=op(self.me, "Who is logged in", 200, "Account", ACCOUNT))
        route("/openapi.json", GET=op(self.openapi, "This description (OpenAPI 3.1)", 200, "OpenAPI"))

    # -- WSGI ---------------------------------------------------------------------------
    def __call__(self, environ, start_response):
        with self.lock:
            return self.respond(environ, start_response)

    def respond(self, environ, start_response):
        request = Request(environ)
        try:
            operation, params = self.router.resolve(request.method, request.path)
            self.authorize(request, operation.access)
            response = operation.handler(request, **params)
        except Conflict as error:
            response = error_response(409, str(error))
        except Invalid as error:
            response = error_response(422, str(error))
        except HTTPError as error:
            response = error_response(error.status, error.message, error.headers)
        except Exception:  # a bug must not leak a traceback to the client
            traceback.print_exc(file=environ.get("wsgi.errors", sys.stderr))
            response = error_response(500, "internal error")
        start_response(response.status_line(), response.headers)
        return [response.body]

    # -- who is asking ----------------------------------------------------------------
    def session_token(self, request):
        try:
            cookie = SimpleCookie(request.header("Cookie") or "")
        except CookieError:
            return None
        return cookie[COOKIE].value if COOKIE in cookie else None

    def authorize(self, request, access):
        """A live session (401 otherwise) of the right role (403), right after routing and
        before anything else: a stranger learns nothing, not even whether a book exists."""
        if access == PUBLIC:
            return
        token = self.session_token(request)
        account = self.accounts.session_account(token) if token else None
        if account is None:
            raise HTTPError(401, "log in first")
        if access == LIBRARIAN and account["role"] != LIBRARIAN:
            raise HTTPError(403, "only librarians may do this")
        request.account = account
        request.token = token

    # -- accounts and sessions ----------------------------------------------------------
    def session_cookie(self, token):
        return ("Set-Cookie", f"{COOKIE}={token}; Path=/; Max-Age={SESSION_SECONDS}; HttpOnly; SameSite=Lax")

    def register(self, request):
        fields = validation.clean(request.json(), validation.ACCOUNT_FIELDS, {})
        try:
            account = self.accounts.register(fields["username"], fields["password"])
        except UsernameTaken:
            raise HTTPError(409, "this username is taken") from None
        token = self.accounts.start_session(account)
        return json_response(201, public(account), [self.session_cookie(token)])

    def login(self, request):
        data = request.json()
        username, password = data.get("username"), data.get("password")
        if not isinstance(username, str) or not isinstance(password, str):
            raise HTTPError(422, "username and password are required")
        account = self.accounts.check_login(username, password)
        if account is None:  # the same answer for an unknown name and a wrong password
            raise HTTPError(401, "wrong username or password")
        token = self.accounts.start_session(account)
        return json_response(200, public(account), [self.session_cookie(token)])

    def logout(self, request):
        self.accounts.end_session(request.token)
        response = no_content()
        response.headers.append(("Set-Cookie", f"{COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax"))
        return response

    def me(self, request):
        return json_response(200, public(request.account))

    def openapi(self, request):
        return json_response(200, self.description)

    # -- loans ------------------------------------------------------------------------
    def borrow(self, request):
        fields = validation.clean(request.json(), validation.LOAN_FIELDS, {})
        loans = self.store.loans.borrow(fields["member_id"], fields["book_ids"])
        return json_response(201, {"loans": loans})

    def give_back(self, request, id):
        return json_response(200, self.found("loans", self.store.loans.give_back(id)))

    def member_loans(self, request, id):
        self.found("members", self.store.members.get(id))
        return json_response(200, {"items": self.store.loans.of_member(id)})

    # -- the catalogue: search and pages ------------------------------------------------
    def list_books(self, request):
        query = request.query
        books, more = self.store.books.search(
            author=query.get("author"),
            q=query.get("q"),
            tag=query.get("tag"),
            after=cursors.decode(query.get("cursor")),
            limit=page_size(query.get("limit")),
        )
        next_cursor = cursors.encode(books[-1]["id"]) if more else None
        return json_response(200, {"items": books, "next_cursor": next_cursor})

    # -- handlers, the same shape for books and members -----------------------------------
    def rules(self, kind):
        if kind == "books":
            return validation.BOOK_FIELDS, validation.BOOK_DEFAULTS
        return validation.MEMBER_FIELDS, validation.MEMBER_DEFAULTS

    def table(self, kind):
        return getattr(self.store, kind)

    def found(self, kind, record):
        if record is None:
            raise HTTPError(404, f"no such {kind[:-1]}")
        return record

    def lister(self, kind):
        def handler(request):
            return json_response(200, {"items": self.table(kind).all()})

        return handler

    def creator(self, kind):
        def handler(request):
            fields = validation.clean(request.json(), *self.rules(kind))
            record = self.table(kind).create(fields)
            return json_response(201, record, [("Location", f"/{kind}/{record['id']}")])

        return handler

    def getter(self, kind):
        def handler(request, id):
            return json_response(200, self.found(kind, self.table(kind).get(id)))

        return handler

    def updater(self, kind, partial):
        def handler(request, id):
            self.found(kind, self.table(kind).get(id))
            fields = validation.clean(request.json(), *self.rules(kind), partial=partial)
            return json_response(200, self.found(kind, self.table(kind).update(id, fields)))

        return handler

    def deleter(self, kind):
        def handler(request, id):
            if not self.table(kind).delete(id):
                raise HTTPError(404, f"no such {kind[:-1]}")
            return no_content()

        return handler


def public(account):
    """What clients see of an account: its name and role, never the password hash."""
    return {"username": account["username"], "role": account["role"]}


def page_size(text, default=20, largest=100):
    if text is None:
        return default
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= largest:
        raise HTTPError(400, f"limit must be a whole number from 1 to {largest}")
    return int(text)


def make_app(db_path=":memory:", *, connection=None, clock=time.time, loan_limit=3):
    """A Bookshelf WSGI app on the SQLite database at `db_path` (created and migrated as
    needed), or on an open `connection` (which stays the caller's: it is never closed here).
    `clock()` gives the time in seconds (sessions expire and loans fall due by it); a member
    may have at most `loan_limit` books on loan."""
    connection = connection if connection is not None else connect(db_path)
    return Bookshelf(Store(connection, clock, loan_limit), Accounts(connection, clock))
