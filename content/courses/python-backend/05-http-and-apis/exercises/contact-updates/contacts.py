import json


def make_app():
    """A new WSGI app with no contacts (see the instructions)."""
    contacts = {}

    def app(environ, start_response):
        method = environ["REQUEST_METHOD"]
        length = int(environ.get("CONTENT_LENGTH") or 0)
        data = json.loads(environ["wsgi.input"].read(length) or b"{}")
        if method == "POST":
            contact = {"id": len(contacts) + 1, "phone": None, **data}
            contacts[contact["id"]] = contact
            status = "201 Created"
        else:
            contact = contacts.get(int(environ["PATH_INFO"].rsplit("/", 1)[1]))
            contact.update(data)
            status = "200 OK"
        body = json.dumps(contact).encode("utf-8")
        start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
        return [body]

    return app
