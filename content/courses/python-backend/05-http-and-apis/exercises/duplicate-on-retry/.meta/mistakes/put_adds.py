CAUSE = (
    "PUT appended a new line to a list every time instead of setting the product's quantity, so a "
    "retried request added a second line for the same product; a dict keyed by sku makes PUT idempotent."
)

import json


def _json_response(start_response, status, answer, headers=()):
    if answer is None:
        start_response(status, list(headers))
        return []
    body = json.dumps(answer).encode("utf-8")
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(body)))] + list(headers))
    return [body]


def _read_quantity(environ):
    """The quantity in the body, or None when it is missing or not a whole number from 1 to 99."""
    length = environ.get("CONTENT_LENGTH") or "0"
    try:
        data = json.loads(environ["wsgi.input"].read(int(length)) if length.isdigit() else b"")
    except ValueError:
        return None
    quantity = data.get("quantity") if isinstance(data, dict) else None
    if isinstance(quantity, bool) or not isinstance(quantity, int) or not 1 <= quantity <= 99:
        return None
    return quantity


BAD_QUANTITY = {"error": "quantity must be a whole number from 1 to 99"}


def make_app():
    """A new WSGI app with empty carts (see the instructions)."""
    carts = {}  # cart id -> {sku: quantity}

    def app(environ, start_response):
        method = environ["REQUEST_METHOD"]
        parts = environ["PATH_INFO"].strip("/").split("/")
        if len(parts) == 2 and parts[0] == "carts" and method == "GET":
            cart = carts.get(parts[1], {})
            lines = [{"sku": sku, "quantity": quantity} for sku, quantity in sorted(cart.items())]
            answer = {"items": lines, "count": sum(cart.values())}
            return _json_response(start_response, "200 OK", answer)
        if len(parts) == 4 and parts[0] == "carts" and parts[2] == "items":
            cart = carts.setdefault(parts[1], {})
            sku = parts[3]
            if method == "PUT":
                quantity = _read_quantity(environ)
                if quantity is None:
                    return _json_response(start_response, "422 Unprocessable Entity", BAD_QUANTITY)
                existed = sku in cart
                cart[sku] = cart.get(sku, 0) + quantity
                line = {"sku": sku, "quantity": cart[sku]}
                if existed:
                    return _json_response(start_response, "200 OK", line)
                return _json_response(start_response, "201 Created", line, [("Location", environ["PATH_INFO"])])
            if method == "DELETE":
                if sku not in cart:
                    return _json_response(start_response, "404 Not Found", {"error": f"no {sku} in this cart"})
                del cart[sku]
                return _json_response(start_response, "204 No Content", None)
        return _json_response(start_response, "404 Not Found", {"error": "not found"})

    return app
