"""The WSGI application: routes, handlers and the error handling around them."""

import sys
import threading
import traceback

from . import validation
from .http import HTTPError, Request, error_response, json_response, no_content
from .routing import Router
from .storage import Conflict, Store, connect


class Bookshelf:
    def __init__(self, store):
        # One SQLite connection serves every request: on a server with a thread per request
        # (pydojo run, for one), requests take turns.
        self.lock = threading.Lock()
        self.store = store
        self.router = Router()
        for kind in ("books", "members"):
            self.router.add(f"/{kind}", GET=self.lister(kind), POST=self.creator(kind))
            self.router.add(
                f"/{kind}/<id>",
                GET=self.getter(kind),
                PUT=self.updater(kind, partial=False),
                PATCH=self.updater(kind, partial=True),
                DELETE=self.deleter(kind),
            )

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


def make_app(db_path=":memory:", *, connection=None):
    """A Bookshelf WSGI app on the SQLite database at `db_path` (created and migrated as
    needed), or on an open `connection` (which stays the caller's: it is never closed here)."""
    return Bookshelf(Store(connection if connection is not None else connect(db_path)))
