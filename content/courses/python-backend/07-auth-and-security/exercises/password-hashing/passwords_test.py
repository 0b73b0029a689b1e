import ast

import pytest

from pydojo_harness import analyzers
from kdf import pbkdf2_sha256
from passwords import hash_password, needs_rehash, verify_password


@analyzers.add_check
def compared_with_compare_digest(tree, source):
    for fn in ast.walk(tree):
        if not isinstance(fn, ast.FunctionDef) or fn.name != "verify_password":
            continue
        names = {getattr(n.func, "attr", None) or getattr(n.func, "id", None) for n in ast.walk(fn) if isinstance(n, ast.Call)}
        helpers = {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name != fn.name
                   and any(isinstance(c, ast.Call) and (getattr(c.func, "attr", None) or getattr(c.func, "id", None)) == "compare_digest" for c in ast.walk(n))}
        if "compare_digest" not in names and not names & helpers:
            yield {"id": "compare-digest", "severity": "essential", "line": fn.lineno,
                   "message": "verify_password must compare the derived keys with hmac.compare_digest, not ==: "
                              "the time == takes tells an attacker how many leading bytes matched"}


def parts(stored):
    assert isinstance(stored, str), f"hash_password must return a str, not {type(stored).__name__}"
    fields = stored.split("$")
    assert len(fields) == 4, f"expected 'pbkdf2_sha256$<iterations>$<salt hex>$<key hex>', got {stored!r}"
    return fields


def test_the_format():
    algorithm, iterations, salt, key = parts(hash_password("correct horse"))
    assert algorithm == "pbkdf2_sha256"
    assert iterations == "1000", "the default number of iterations is ITERATIONS (1000 in this exercise)"
    assert len(bytes.fromhex(salt)) == 16, "the salt must be 16 random bytes, written in hex (32 characters)"
    assert len(bytes.fromhex(key)) == 32, "the derived key is the 32 bytes pbkdf2_sha256 returns, in hex"


def test_the_key_is_pbkdf2_of_the_password_and_the_salt():
    for password, iterations in [("correct horse", 1000), ("pässwörd ✓", 300)]:
        _, count, salt, key = parts(hash_password(password, iterations=iterations))
        assert count == str(iterations)
        expected = pbkdf2_sha256(password.encode("utf-8"), bytes.fromhex(salt), iterations).hex()
        assert key == expected, (
            "the stored key must be kdf.pbkdf2_sha256(password.encode('utf-8'), salt, iterations): a fast hash "
            "such as sha256 lets an attacker who steals the table try billions of passwords a second"
        )


def test_the_same_password_hashes_differently_each_time():
    first, second = hash_password("hunter2"), hash_password("hunter2")
    assert parts(first)[2] != parts(second)[2], (
        "two hashes of the same password must differ: each needs its own random salt (secrets.token_bytes), "
        "otherwise users with the same password get the same hash and one precomputed table cracks them all"
    )
    assert first != second


def test_the_password_is_not_in_the_stored_string():
    stored = hash_password("hunter2")
    assert "hunter2" not in stored
    assert "hunter2".encode().hex() not in stored


def test_the_right_password_verifies():
    stored = hash_password("correct horse")
    assert verify_password("correct horse", stored) is True
    assert verify_password("pässwörd ✓", hash_password("pässwörd ✓")) is True


@pytest.mark.parametrize("attempt", ["correct hors", "Correct horse", "correct horse ", ""])
def test_a_wrong_password_does_not(attempt):
    assert verify_password(attempt, hash_password("correct horse")) is False


def test_the_stored_iterations_are_used():
    salt = bytes(range(16))
    old = f"pbkdf2_sha256$200${salt.hex()}${pbkdf2_sha256(b'old secret', salt, 200).hex()}"
    assert verify_password("old secret", old) is True, (
        "a hash made with 200 iterations must still verify: read the iterations stored in the hash, "
        "don't assume today's ITERATIONS"
    )
    assert verify_password("old secre", old) is False


@pytest.mark.parametrize(
    "stored",
    ["", "not a hash", "pbkdf2_sha256$1000$zz$00", "pbkdf2_sha256$many$00$00", "md5$1000$00$00", "pbkdf2_sha256$1000$00", None],
    ids=["empty", "no fields", "bad hex", "bad count", "other algorithm", "three fields", "None"],
)
def test_an_unreadable_hash_verifies_nothing_and_does_not_crash(stored):
    assert verify_password("anything", stored) is False, (
        "a stored value that isn't a readable hash must make verify_password return False, not raise: "
        "a login form must answer 'wrong password', never a 500 error"
    )


def test_needs_rehash():
    stored = hash_password("pw", iterations=500)
    assert needs_rehash(stored) is True, "500 iterations is fewer than ITERATIONS (1000): it needs a rehash"
    assert needs_rehash(stored, iterations=500) is False
    assert needs_rehash(hash_password("pw")) is False
    assert needs_rehash("garbage") is True, "an unreadable hash needs a new one"


def test_compared_with_compare_digest():
    analyzers.assert_no_comments("essential", ids=["compare-digest"])
