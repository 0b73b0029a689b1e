CAUSE = "The app checked that the caller was logged in, but looked invoices up by id alone, so any user could read or delete any invoice by changing the number in the URL."

import json
import re

ITEM = re.compile(r"^/invoices/(\d+)$")


def make_app(invoices, sessions):
    """A WSGI app serving `invoices` (a list of {"id", "owner", "amount"}) to the users of
    `sessions` ({token: user name})."""
    store = {invoice["id"]: dict(invoice) for invoice in invoices}

    def respond(start_response, status, body=None):
        data = b"" if body is None else json.dumps(body).encode()
        headers = [("Content-Type", "application/json")] if body is not None else []
        start_response(status, headers + [("Content-Length", str(len(data)))])
        return [data]

    def current_user(environ):
        scheme, _, token = environ.get("HTTP_AUTHORIZATION", "").partition(" ")
        return sessions.get(token) if scheme == "Bearer" else None

    def load_invoice(invoice_id, user):
        invoice = store.get(invoice_id)
        # Someone else's invoice gets the same 404 as a missing one: ids can't be probed.
        return invoice if invoice is not None and invoice["owner"] == user else None

    def app(environ, start_response):
        user = current_user(environ)
        if user is None:
            return respond(start_response, "401 Unauthorized", {"error": "log in first"})
        path, method = environ["PATH_INFO"], environ["REQUEST_METHOD"]
        if path == "/invoices" and method == "GET":
            mine = [inv for inv in store.values() if inv["owner"] == user]
            return respond(start_response, "200 OK", sorted(mine, key=lambda inv: inv["id"]))
        match = ITEM.match(path)
        if match is None:
            return respond(start_response, "404 Not Found", {"error": "no such page"})
        invoice = load_invoice(int(match.group(1)), user)
        if invoice is None:
            return respond(start_response, "404 Not Found", {"error": "no such invoice"})
        if method == "GET":
            return respond(start_response, "200 OK", invoice)
        if method == "DELETE":
            del store[invoice["id"]]
            return respond(start_response, "204 No Content")
        return respond(start_response, "405 Method Not Allowed", {"error": "GET or DELETE"})

    return app


app = make_app(
    [{"id": 1, "owner": "ada", "amount": 120}, {"id": 2, "owner": "bo", "amount": 75}],
    {"token-ada": "ada", "token-bo": "bo"},
)
