CAUSE = "The key was written in the code and then handled like any other data: printed with the request in the log, and echoed (with the whole config) in error messages and bodies."

import json

PAYMENT_URL = "https://pay.example/v1"
REDACTED = "[REDACTED]"


class ConfigError(Exception):
    """The service can't start: a setting is missing or malformed."""


class PaymentError(Exception):
    """The payment provider refused a charge."""


def load_config(environ):
    """The service's settings from `environ` (a dict like os.environ)."""
    key = environ.get("PAYMENT_API_KEY")
    if not key:
        raise ConfigError("PAYMENT_API_KEY is not set")
    if not key.startswith(("sk_live_", "sk_test_")):
        raise ConfigError("PAYMENT_API_KEY is malformed: it should start with sk_live_ or sk_test_")
    return {"api_key": key, "url": environ.get("PAYMENT_URL", PAYMENT_URL)}


def redact(text, secret):
    return str(text).replace(secret, REDACTED)


def charge(config, amount_cents, card_token, send, log):
    """Charge a card through the provider: `send(request)` does the HTTP call and returns
    {"status": int, "body": dict}; `log(line)` writes a line to the service's log."""
    request = {
        "method": "POST",
        "url": config["url"] + "/charges",
        "headers": {"Authorization": f"Bearer {config['api_key']}"},
        "json": {"amount": amount_cents, "card": card_token},
    }
    log(f"charge request: POST {request['url']} amount={amount_cents}")
    response = send(request)
    if response["status"] != 200:
        reason = response["body"].get("error", "")
        raise PaymentError(f"payment failed: {response['status']} {reason}")
    log(f"charge ok: {response['body'].get('id')}")
    return response["body"]


def make_app(config, send, log):
    """POST /charge {"amount": cents, "card": token}: 200 with the provider's answer, or 502."""

    def app(environ, start_response):
        size = int(environ.get("CONTENT_LENGTH") or 0)
        data = json.loads(environ["wsgi.input"].read(size) or b"{}")
        try:
            status, body = "200 OK", charge(config, data["amount"], data["card"], send, log)
        except PaymentError as error:
            log(f"payment error: {error}")
            status, body = "502 Bad Gateway", {"error": "the payment provider refused the charge"}
        payload = json.dumps(body).encode()
        start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(payload)))])
        return [payload]

    return app
