import ast
import base64
import hashlib
import hmac
import json

import pytest

from pydojo_harness import analyzers
from auth_check import current_user

KEY = b"api-signing-key-0123456789"
NOW = 1_700_000_000


@analyzers.add_check
def signature_compared_with_compare_digest(tree, source):
    if not any(isinstance(n, ast.Call) and (getattr(n.func, "attr", None) or getattr(n.func, "id", None)) == "compare_digest"
               for n in ast.walk(tree)):
        yield {"id": "compare-digest", "severity": "essential", "line": None,
               "message": "keep comparing the signature with hmac.compare_digest, not =="}


def b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def make(claims, key=KEY, signature=None):
    payload_part = b64(json.dumps(claims).encode())
    if signature is None:
        signature = b64(hmac.new(key, payload_part.encode(), hashlib.sha256).digest())
    return f"Bearer {payload_part}.{signature}"


def test_a_valid_token():
    assert current_user(make({"user": "ada", "exp": NOW + 60}), KEY, NOW) == "ada"
    assert current_user(make({"user": "bo", "role": "admin", "exp": NOW + 1}), KEY, NOW) == "bo"


def test_no_header_or_another_scheme():
    assert current_user(None, KEY, NOW) is None
    assert current_user("Basic YWRhOnB3", KEY, NOW) is None


def test_a_token_signed_with_another_key():
    assert current_user(make({"user": "ada", "exp": NOW + 60}, key=b"guess"), KEY, NOW) is None


@pytest.mark.parametrize("signature", ["", "x", "not-the-signature"], ids=["empty", "one character", "wrong"])
def test_a_token_without_its_signature_is_refused(signature):
    header = make({"user": "admin", "exp": NOW + 60}, signature=signature)
    assert current_user(header, KEY, NOW) is None, (
        f"a token with the signature {signature!r} was accepted as 'admin': the signature must be checked on every "
        "token; an empty signature must fail the check, not skip it"
    )


@pytest.mark.parametrize("claims", [{"user": "ada"}, {"user": "ada", "exp": 0}, {"user": "ada", "exp": None}, {"user": "ada", "exp": "2099"}],
                         ids=["no exp", "exp 0", "exp null", "exp a string"])
def test_a_token_without_a_usable_exp_is_refused(claims):
    assert current_user(make(claims), KEY, NOW) is None, (
        f"a signed token with {claims} was accepted: a token with no exp (or one that isn't a number) never expires, "
        "so it must be refused; a missing field must fail the check, not skip it"
    )


def test_an_expired_token_is_refused():
    assert current_user(make({"user": "ada", "exp": NOW}), KEY, NOW) is None
    assert current_user(make({"user": "ada", "exp": NOW - 3600}), KEY, NOW) is None


@pytest.mark.parametrize("claims", [{"exp": NOW + 60}, {"user": "", "exp": NOW + 60}, {"user": 7, "exp": NOW + 60}],
                         ids=["no user", "empty user", "user not a string"])
def test_a_token_without_a_user_names_nobody(claims):
    assert current_user(make(claims), KEY, NOW) is None, (
        f"a signed token with {claims} names no user: return None unless claims['user'] is a non-empty str "
        "(the API must never treat '' or a number as someone)"
    )


@pytest.mark.parametrize("header", ["Bearer ", "Bearer abc", "Bearer a.b.c", "Bearer é.é", "Bearer !!!.x"],
                         ids=["empty", "no dot", "two dots", "non-ascii", "bad base64"])
def test_garbage_is_refused_without_crashing(header):
    assert current_user(header, KEY, NOW) is None


def test_still_compared_with_compare_digest():
    analyzers.assert_no_comments("essential", ids=["compare-digest"])
