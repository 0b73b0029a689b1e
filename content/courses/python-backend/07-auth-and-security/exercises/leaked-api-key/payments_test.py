import ast
import re

import pytest
from pydojo_harness import analyzers
from pydojo_harness.http_client import client_for

from payments import ConfigError, PaymentError, charge, load_config, make_app

KEY = "sk_live_9d41e07b3c5a28f6e1b2"
ENV = {"PAYMENT_API_KEY": KEY, "PATH": "/usr/bin"}


@analyzers.add_check
def no_key_in_the_code(tree, source):
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and re.search(r"sk_(live|test)_\w{8,}", node.value):
            yield {"id": "secret-in-code", "severity": "essential", "line": node.lineno,
                   "message": "a payment key is written in the code: anyone who can read the repository (and its "
                              "history, forever) has it. Read it from the environment, with no default"}


def leak(text, key=KEY):
    """The part of the key found in text, if any: any 6 characters after the sk_live_ prefix."""
    text = str(text)
    secret = key[len("sk_live_"):]
    for start in range(len(secret) - 5):
        if secret[start:start + 6] in text:
            return secret[start:start + 6]
    return None


class Provider:
    """A fake payment provider: records requests and answers what the test asks."""

    def __init__(self, status=200, body=None):
        self.status, self.body, self.requests = status, body or {"id": "ch_1", "status": "paid"}, []

    def send(self, request):
        self.requests.append(request)
        return {"status": self.status, "body": self.body}


def test_the_key_comes_from_the_environment():
    config = load_config(ENV)
    assert config == {"api_key": KEY, "url": "https://pay.example/v1"}
    assert load_config({**ENV, "PAYMENT_URL": "https://sandbox.pay.example/v1"})["url"] == "https://sandbox.pay.example/v1"


def test_no_key_in_the_environment_stops_the_service():
    with pytest.raises(ConfigError, match="PAYMENT_API_KEY"):
        load_config({"PATH": "/usr/bin"})
        pytest.fail("with no PAYMENT_API_KEY, load_config must raise ConfigError naming it, not fall back to a key in the code")


def test_a_malformed_key_is_refused_without_showing_it():
    for bad in ["pk_live_9d41e07b3c5a28f6e1b2", "9d41e07b3c5a28f6e1b2"]:
        with pytest.raises(ConfigError) as caught:
            load_config({"PAYMENT_API_KEY": bad})
        assert "PAYMENT_API_KEY" in str(caught.value)
        assert leak(caught.value) is None, (
            f"the ConfigError message must not include the value it refused ({str(caught.value)!r}): a startup error "
            "ends up in logs and crash reports, and a 'malformed' key is often a real key pasted slightly wrong"
        )


def test_the_key_goes_only_to_the_provider():
    provider, lines = Provider(), []
    assert charge(load_config(ENV), 1250, "tok_visa", provider.send, lines.append) == {"id": "ch_1", "status": "paid"}
    [request] = provider.requests
    assert request["headers"]["Authorization"] == f"Bearer {KEY}"
    assert request["json"] == {"amount": 1250, "card": "tok_visa"}
    assert lines, "log the charge (without the key)"
    for line in lines:
        found = leak(line)
        assert found is None, (
            f"the log line {line!r} contains part of the key ({found!r}): logs are read by many people and kept "
            "for years; never log a secret, not even part of the key"
        )


def test_a_provider_error_that_echoes_the_key_is_redacted():
    provider, lines = Provider(401, {"error": f"invalid api key {KEY}"}), []
    with pytest.raises(PaymentError) as caught:
        charge(load_config(ENV), 1250, "tok_visa", provider.send, lines.append)
    message = str(caught.value)
    assert message == "payment failed: 401 invalid api key [REDACTED]", (
        "the provider echoed the key in its error; the PaymentError message must replace it with [REDACTED]: "
        "exception messages end up in logs and error pages"
    )


def test_an_error_body_shows_no_secret():
    provider, lines = Provider(402, {"error": f"card declined (key {KEY})"}), []
    client = client_for(make_app(load_config(ENV), provider.send, lines.append))
    response = client.post("/charge", json={"amount": 1250, "card": "tok_visa"})
    assert response.status == 502
    found = leak(response.text)
    assert found is None, (
        f"the 502 error body contains part of the key ({found!r}): an error body goes to the client, so it must say "
        "what failed and nothing about your configuration"
    )
    assert "error" in response.json()
    for line in lines:
        assert leak(line) is None, f"the log line {line!r} contains part of the key"


def test_a_successful_charge_through_the_app():
    provider, lines = Provider(), []
    client = client_for(make_app(load_config(ENV), provider.send, lines.append))
    response = client.post("/charge", json={"amount": 500, "card": "tok_visa"})
    assert response.status == 200
    assert response.json() == {"id": "ch_1", "status": "paid"}
    assert leak(response.text) is None


def test_no_key_in_the_code():
    analyzers.assert_no_comments("essential", ids=["secret-in-code"])
