import ast
import base64
import hashlib
import hmac
import json

import pytest

from pydojo_harness import analyzers
from tokens import InvalidToken, sign, verify

KEY = b"server-key-0123456789abcdef"
NOW = 1_700_000_000  # a fake clock: seconds since 1970, passed in by the caller


@analyzers.add_check
def signature_compared_with_compare_digest(tree, source):
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call)
             and (getattr(n.func, "attr", None) or getattr(n.func, "id", None)) == "compare_digest"]
    if not calls:
        yield {"id": "compare-digest", "severity": "essential", "line": None,
               "message": "verify must compare the signature with hmac.compare_digest: with == or != the time "
                          "the comparison takes tells an attacker how many leading characters of a forged "
                          "signature are right"}


def b64decode(part):
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def b64encode(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def test_a_fresh_token_verifies():
    token = sign({"user": "ada", "role": "admin"}, KEY, NOW)
    assert verify(token, KEY, NOW) == {"user": "ada", "role": "admin", "exp": NOW + 3600}
    assert verify(sign({"user": "bo"}, KEY, NOW, ttl=60), KEY, NOW + 59) == {"user": "bo", "exp": NOW + 60}


def test_the_format():
    token = sign({"user": "ada"}, KEY, NOW)
    assert isinstance(token, str)
    assert token.count(".") == 1, f"a token is '<payload>.<signature>', got {token!r}"
    assert "=" not in token, "base64url without '=' padding, so the token is safe in a URL or a cookie"
    payload_part, signature = token.split(".")
    assert json.loads(b64decode(payload_part)) == {"user": "ada", "exp": NOW + 3600}, (
        "the payload part is the claims plus exp, as JSON, in base64url: anyone can read it (signed is not "
        "encrypted), which is why a token never holds a secret"
    )
    expected = b64encode(hmac.new(KEY, payload_part.encode(), hashlib.sha256).digest())
    assert signature == expected, (
        "the signature is HMAC-SHA256 with the server's key of the payload part (the base64url text), in "
        "base64url: a plain hash would let anyone who can compute sha256 forge one"
    )


def forged(token, **changes):
    payload_part, signature = token.split(".")
    payload = json.loads(b64decode(payload_part))
    payload.update(changes)
    return b64encode(json.dumps(payload).encode()) + "." + signature


def test_a_changed_payload_is_refused():
    token = sign({"user": "bo", "role": "reader"}, KEY, NOW)
    for changes in [{"role": "admin"}, {"user": "ada"}, {"exp": NOW + 10**6}]:
        with pytest.raises(InvalidToken, match="bad signature"):
            verify(forged(token, **changes), KEY, NOW)
            pytest.fail(f"a token whose payload was changed to {changes} was accepted")


def test_a_changed_signature_is_refused():
    payload_part, signature = sign({"user": "bo"}, KEY, NOW).split(".")
    flipped = signature[:-2] + ("A" if signature[-2] != "A" else "B") + signature[-1]
    for bad in [flipped, signature[:-1], "", b64encode(b"\0" * 32)]:
        with pytest.raises(InvalidToken, match="bad signature"):
            verify(f"{payload_part}.{bad}", KEY, NOW)


def test_a_token_signed_with_another_key_is_refused():
    token = sign({"user": "bo"}, b"someone else's key", NOW)
    with pytest.raises(InvalidToken, match="bad signature"):
        verify(token, KEY, NOW)
        pytest.fail("a token signed with another key was accepted: sign with HMAC and the key, not a plain hash")


def test_a_token_expires_at_exp():
    token = sign({"user": "ada"}, KEY, NOW, ttl=60)
    assert verify(token, KEY, NOW + 59)["user"] == "ada"
    with pytest.raises(InvalidToken, match="expired"):
        verify(token, KEY, NOW + 60)
        pytest.fail("a token must be refused at now == exp (NOW + ttl): it is valid for ttl seconds, not ttl + 1")


def test_an_old_token_is_refused():
    token = sign({"user": "ada"}, KEY, NOW)
    for later in [NOW + 3601, NOW + 86_400 * 365]:
        with pytest.raises(InvalidToken, match="expired"):
            verify(token, KEY, later)
            pytest.fail(f"a token that expired at {NOW + 3600} was accepted at {later}")


@pytest.mark.parametrize(
    "token",
    ["", "abc", "a.b.c", ".", "é.é", None, 42],
    ids=["empty", "no dot", "two dots", "only a dot", "non-ascii", "None", "a number"],
)
def test_garbage_is_malformed(token):
    with pytest.raises(InvalidToken, match="malformed|bad signature"):
        verify(token, KEY, NOW)


def test_a_validly_signed_non_json_payload_is_malformed():
    for raw in [b"not json", b"\xff\xfe", b"[1, 2]", b'{"user": "ada"}', b'{"exp": "soon"}']:
        part = b64encode(raw)
        token = part + "." + b64encode(hmac.new(KEY, part.encode(), hashlib.sha256).digest())
        with pytest.raises(InvalidToken, match="malformed"):
            verify(token, KEY, NOW)
            pytest.fail(f"a signed payload {raw!r} must be refused as malformed: it is not a JSON object with an int exp")


def test_signature_compared_with_compare_digest():
    analyzers.assert_no_comments("essential", ids=["compare-digest"])
