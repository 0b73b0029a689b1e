"""The WSGI application: routes, who may use them, handlers and the error handling around them."""

import sys
import threading
import time
import traceback
from http.cookies import CookieError, SimpleCookie

from . import cursors, validation
from .accounts import SESSION_SECONDS, Accounts, UsernameTaken
from .http import HTTPError, Request, error_response, json_response, no_content
from .routing import Router
from .storage import Conflict, Store, connect

COOKIE = "session"

# Who may call a route: anyone, anyone logged in, or librarians only.
PUBLIC, ACCOUNT, LIBRARIAN = "public", "account", "librarian"


class Bookshelf:
    def __init__(self, store, accounts):
        # One SQLite connection serves every request: on a server with a thread per request
        # (pydojo run, for one), requests take turns.
        self.lock = threading.Lock()
        self.store = store
        self.accounts = accounts
        self.router = Router()
        route = self.router.add
        guard = self.guard
        route("/books", GET=self.list_books, POST=guard(LIBRARIAN, self.creator("books")))
        route(
            "/books/<id>",
            GET=self.getter("books"),
            PUT=guard(LIBRARIAN, self.updater("books", partial=False)),
            PATCH=guard(LIBRARIAN, self.updater("books", partial=True)),
            DELETE=guard(LIBRARIAN, self.deleter("books")),
        )
        # Members' names and emails are personal data: for the desk's eyes only.
        route("/members", GET=guard(LIBRARIAN, self.lister("members")), POST=guard(LIBRARIAN, self.creator("members")))
        route(
            "/members/<id>",
            GET=guard(LIBRARIAN, self.getter("members")),
            PUT=guard(LIBRARIAN, self.updater("members", partial=False)),
            PATCH=guard(LIBRARIAN, self.updater("members", partial=True)),
            DELETE=guard(LIBRARIAN, self.deleter("members")),
        )
        route("/accounts", POST=self.register)
        route("/login", POST=self.login)
        route("/logout", POST=guard(ACCOUNT, self.logout))
        route("/me", GET=guard(ACCOUNT, self.me))

    # -- WSGI ---------------------------------------------------------------------------
    def __call__(self, environ, start_response):
        with self.lock:
            return self.respond(environ, start_response)

    def respond(self, environ, start_response):
        request = Request(environ)
        try:
            handler, params = self.router.resolve(request.method, request.path)
            response = handler(request, **params)
        except Conflict as error:
            response = error_response(409, str(error))
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

    def guard(self, level, handler):
        """The handler, called only for a live session (401 otherwise) of the right role (403).
        Authentication comes before anything else: a stranger learns nothing, not even 404."""

        def guarded(request, **params):
            token = self.session_token(request)
            account = self.accounts.session_account(token) if token else None
            if account is None:
                raise HTTPError(401, "log in first")
            if level == LIBRARIAN and account["role"] != LIBRARIAN:
                raise HTTPError(401, "only librarians may do this")
            request.account = account
            request.token = token
            return handler(request, **params)

        return guarded

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


def make_app(db_path=":memory:", *, connection=None, clock=time.time):
    """A Bookshelf WSGI app on the SQLite database at `db_path` (created and migrated as
    needed), or on an open `connection` (which stays the caller's: it is never closed here).
    `clock()` gives the time in seconds (sessions expire by it)."""
    connection = connection if connection is not None else connect(db_path)
    return Bookshelf(Store(connection), Accounts(connection, clock))
