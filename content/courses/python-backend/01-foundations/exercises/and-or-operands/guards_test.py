import hashlib

import pytest

from guards import PREDICTIONS, can_log_in, display_name

# What Python gives for each expression, as a fingerprint: sha256 of
# "<expression>|<type name>|<repr of the value>". The answers stay out of sight, so the
# predictions are yours; check yourself in a Python shell, not here.
EXPECTED = {
    "0 or 'zero'": "28ec90850405d2356a1deff2f9a362038c58f278e6a6ef25cd2c89d8604309da",
    "'' and 5": "c96ac686527c05bfa10f8ef4da73ae0e307ae14a3247352b1b9f3130c7982a63",
    '3 and 4': "2d608785e62e4dc86431ff863f89d3ca1773e3619fd8a31a3f1e99118598cd37",
    'None or 0': "c82df052a3c544259726a7bf026b991f039c59bcadb3291aa0bfa3f14e6fd8d3",
    '[] or {}': "7dfcf0ebca1583881b174b2b3cd20e6879e39698b4c3f93327d46fa4e3ebb017",
    "'ok' or 1 / 0": "fcc3a227cd2ec56638b741b6c34dac77ef0e7c293663416f7583b514c468560c",
    '0 and 1 / 0': "f1f0ed0cb3124ba366d9962e43927465f5fac0915c6f24e44acf60c857ad7ca5",
    "1 and 'a' or 'b'": "958d8ada31187427af77c344929305d222a5df889fa2aab280c95aa2ed0733f2",
    "0 and 'a' or 'b'": "7065b303f53485fdda1b7dd04097ead4eefd115a8410c5c7afa407e2148df4cb",
    "not ''": "0d6e6b70b2ed45ea4dcbd90e456bd30046fcf99b2fbb45953d3bcb44c3353f59",
}


def fingerprint(expression, value):
    return hashlib.sha256(f"{expression}|{type(value).__name__}|{value!r}".encode()).hexdigest()


@pytest.mark.parametrize("expression", list(EXPECTED))
def test_prediction(expression):
    predicted = PREDICTIONS[expression]
    if predicted is None:
        pytest.fail(f"write your prediction for {expression} in PREDICTIONS")
    if fingerprint(expression, predicted) != EXPECTED[expression]:
        pytest.fail(
            f"PREDICTIONS[{expression!r}] is {predicted!r}, of type {type(predicted).__name__}, which is not "
            f"what Python gives: work through it again by hand (which operand does `and`/`or` return, and does Python ever evaluate the right one?). "
            "The type counts too: 4 and 4.0 are different answers."
        )


@pytest.mark.parametrize(
    "profile, expected",
    [
        ({"nickname": "ada", "name": "Ada Lovelace", "email": "ada@example.com"}, "ada"),
        ({"nickname": "", "name": "Ada Lovelace"}, "Ada Lovelace"),
        ({"name": "Ada Lovelace", "email": "ada@example.com"}, "Ada Lovelace"),
        ({"nickname": "", "name": "", "email": "ada@example.com"}, "ada@example.com"),
        ({"email": "ada@example.com"}, "ada@example.com"),
        ({"nickname": "", "name": "", "email": ""}, "anonymous"),
        ({}, "anonymous"),
    ],
)
def test_display_name(profile, expected):
    assert display_name(profile) == expected


class PasswordChecker:
    """A stand-in for the slow password check: knows one password, records every call."""

    def __init__(self, right_password="secret"):
        self.right_password = right_password
        self.calls = []

    def __call__(self, password_hash, password):
        self.calls.append((password_hash, password))
        return password == self.right_password


def test_right_password():
    check = PasswordChecker()
    assert can_log_in({"active": True, "hash": "x1"}, "secret", check) is True
    assert check.calls == [("x1", "secret")]


def test_wrong_password():
    check = PasswordChecker()
    assert can_log_in({"active": True, "hash": "x1"}, "guess", check) is False
    assert check.calls == [("x1", "guess")]


def test_unknown_user_does_not_check_the_password():
    check = PasswordChecker()
    assert can_log_in(None, "secret", check) is False
    assert check.calls == [], "check_password must not be called when there is no account"


def test_inactive_account_does_not_check_the_password():
    check = PasswordChecker()
    assert can_log_in({"active": False, "hash": "x1"}, "secret", check) is False
    assert check.calls == [], "check_password must not be called for an inactive account"
