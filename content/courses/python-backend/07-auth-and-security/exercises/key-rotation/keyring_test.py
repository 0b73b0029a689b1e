import ast
import base64
import hashlib
import hmac
import json

import pytest

from pydojo_harness import analyzers
from keyring import InvalidToken, Keyring

K1, K2, K3 = b"key-one-0123456789abcdef", b"key-two-0123456789abcdef", b"key-three-0123456789abcd"
NOW = 1_700_000_000


@analyzers.add_check
def signature_compared_with_compare_digest(tree, source):
    if not any(isinstance(n, ast.Call) and (getattr(n.func, "attr", None) or getattr(n.func, "id", None)) == "compare_digest"
               for n in ast.walk(tree)):
        yield {"id": "compare-digest", "severity": "essential", "line": None,
               "message": "verify must compare signatures with hmac.compare_digest, not == or !="}


def b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def test_a_token_names_its_key_and_verifies():
    ring = Keyring({"k1": K1}, current="k1")
    token = ring.sign({"user": "ada"}, NOW)
    kid, payload_part, signature = token.split(".")
    assert kid == "k1", "a token starts with the id of the key that signed it"
    assert json.loads(base64.urlsafe_b64decode(payload_part + "==")) == {"user": "ada", "exp": NOW + 3600}
    assert signature == b64(hmac.new(K1, f"k1.{payload_part}".encode(), hashlib.sha256).digest()), (
        "the signature is HMAC-SHA256 with the key named by kid, over '<kid>.<payload part>': signing the kid "
        "too means nobody can move a signature to another key id"
    )
    assert ring.verify(token, NOW) == {"user": "ada", "exp": NOW + 3600}


def test_after_a_rotation_new_tokens_use_the_new_key():
    ring = Keyring({"k1": K1}, current="k1")
    ring.rotate("k2", K2)
    assert ring.current == "k2"
    token = ring.sign({"user": "bo"}, NOW)
    assert token.startswith("k2.")
    assert ring.verify(token, NOW)["user"] == "bo"


def test_tokens_signed_before_the_rotation_still_verify():
    ring = Keyring({"k1": K1}, current="k1")
    old = ring.sign({"user": "ada"}, NOW)
    ring.rotate("k2", K2)
    ring.rotate("k3", K3)
    try:
        payload = ring.verify(old, NOW + 10)
    except InvalidToken as error:
        pytest.fail(
            f"verify raised InvalidToken({error}): a token signed before the rotation must still verify with its "
            "own key (named by its kid), so that rotating does not log out every user at once"
        )
    assert payload["user"] == "ada"


def test_a_retired_key_verifies_nothing():
    ring = Keyring({"k1": K1}, current="k1")
    old = ring.sign({"user": "ada"}, NOW)
    ring.rotate("k2", K2)
    ring.retire("k1")
    with pytest.raises(InvalidToken, match="unknown key"):
        ring.verify(old, NOW)
        pytest.fail("a token signed with a retired key was accepted: retiring a leaked key must end its tokens")


def test_an_unknown_key_id():
    ring = Keyring({"k1": K1}, current="k1")
    other = Keyring({"k9": K1}, current="k9")
    with pytest.raises(InvalidToken, match="unknown key"):
        ring.verify(other.sign({"user": "eve"}, NOW), NOW)


def test_a_signature_does_not_move_to_another_key_id():
    ring = Keyring({"k1": K1, "k2": K2}, current="k1")
    _, payload_part, signature = ring.sign({"user": "ada"}, NOW).split(".")
    with pytest.raises(InvalidToken, match="bad signature"):
        ring.verify(f"k2.{payload_part}.{signature}", NOW)
        pytest.fail("a k1 signature was accepted on a token that says k2")


def test_a_changed_payload_is_refused():
    ring = Keyring({"k1": K1}, current="k1")
    kid, _, signature = ring.sign({"user": "bo", "role": "reader"}, NOW).split(".")
    forged = b64(json.dumps({"user": "bo", "role": "admin", "exp": NOW + 3600}).encode())
    with pytest.raises(InvalidToken, match="bad signature"):
        ring.verify(f"{kid}.{forged}.{signature}", NOW)


@pytest.mark.parametrize("ages", [(0, 3600), (1, 3600)], ids=["current key", "old key"])
def test_expiry_holds_for_every_key(ages):
    rotations, ttl = ages
    ring = Keyring({"k1": K1}, current="k1")
    token = ring.sign({"user": "ada"}, NOW, ttl=ttl)
    if rotations:
        ring.rotate("k2", K2)
    assert ring.verify(token, NOW + ttl - 1)["user"] == "ada"
    with pytest.raises(InvalidToken, match="expired"):
        ring.verify(token, NOW + ttl)
        pytest.fail("a token was accepted after it expired" + (" (it was signed with an older key)" if rotations else ""))


@pytest.mark.parametrize("token", ["", "k1.abc", "a.b.c.d", None, "k1.é.x"], ids=["empty", "two parts", "four parts", "None", "non-ascii"])
def test_garbage_is_refused(token):
    ring = Keyring({"k1": K1}, current="k1")
    with pytest.raises(InvalidToken):
        ring.verify(token, NOW)


def test_the_current_key_cannot_be_retired():
    ring = Keyring({"k1": K1}, current="k1")
    ring.rotate("k2", K2)
    with pytest.raises(ValueError):
        ring.retire("k2")
        pytest.fail("retire('k2') must raise ValueError: k2 signs new tokens, so there would be nothing to sign with")
    assert ring.sign({"user": "ada"}, NOW).startswith("k2.")
    ring.retire("k1")


def test_a_key_id_is_never_given_twice():
    ring = Keyring({"k1": K1}, current="k1")
    token = ring.sign({"user": "ada"}, NOW)
    with pytest.raises(ValueError):
        ring.rotate("k1", K2)
        pytest.fail("rotate('k1', ...) must raise ValueError: k1 is taken, and replacing its key would break its tokens")
    assert ring.verify(token, NOW)["user"] == "ada"


def test_signature_compared_with_compare_digest():
    analyzers.assert_no_comments("essential", ids=["compare-digest"])
