CAUSE = "Invoices were found by id only; the owner never entered the lookup."

import json


def make_app(invoices, sessions):
    rows = [dict(row) for row in invoices]

    def send(start_response, code, reason, payload=None):
        body = json.dumps(payload).encode() if payload is not None else b""
        headers = [("Content-Length", str(len(body)))]
        if payload is not None:
            headers.insert(0, ("Content-Type", "application/json"))
        start_response(f"{code} {reason}", headers)
        return [body]

    def app(environ, start_response):
        auth = environ.get("HTTP_AUTHORIZATION", "")
        user = sessions.get(auth[7:]) if auth.startswith("Bearer ") else None
        if not user:
            return send(start_response, 401, "Unauthorized", {"error": "log in first"})
        visible = {row["id"]: row for row in rows if row["owner"] == user}
        parts = environ["PATH_INFO"].strip("/").split("/")
        method = environ["REQUEST_METHOD"]
        if parts == ["invoices"] and method == "GET":
            return send(start_response, 200, "OK", [visible[k] for k in sorted(visible)])
        if len(parts) != 2 or parts[0] != "invoices" or not parts[1].isdigit():
            return send(start_response, 404, "Not Found", {"error": "no such page"})
        row = visible.get(int(parts[1]))
        if row is None:
            return send(start_response, 404, "Not Found", {"error": "no such invoice"})
        if method == "GET":
            return send(start_response, 200, "OK", row)
        if method == "DELETE":
            rows.remove(row)
            return send(start_response, 204, "No Content")
        return send(start_response, 405, "Method Not Allowed", {"error": "GET or DELETE"})

    return app


app = make_app([], {})
