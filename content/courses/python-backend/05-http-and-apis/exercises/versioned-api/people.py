import json


def make_app():
    """A new WSGI app serving /v1/people and /v2/people (see the instructions)."""
    people = {}

    def app(environ, start_response):
        parts = environ["PATH_INFO"].strip("/").split("/")
        if environ["REQUEST_METHOD"] == "POST":
            data = json.loads(environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0)))
            person = {"id": len(people) + 1, **data}
            people[person["id"]] = person
            status = "201 Created"
        else:
            person = people[int(parts[2])]
            status = "200 OK"
        body = json.dumps(person).encode("utf-8")
        start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
        return [body]

    return app
