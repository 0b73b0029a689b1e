import pytest

from guards import PREDICTIONS, can_log_in, display_name

EXPECTED = [
    ("0 or 'zero'", "zero"),
    ("'' and 5", ""),
    ("3 and 4", 4),
    ("None or 0", 0),
    ("[] or {}", {}),
    ("'ok' or 1 / 0", "ok"),
    ("0 and 1 / 0", 0),
    ("1 and 'a' or 'b'", "a"),
    ("0 and 'a' or 'b'", "b"),
    ("not ''", True),
]


@pytest.mark.parametrize("expression, value", EXPECTED, ids=[e for e, _ in EXPECTED])
def test_prediction(expression, value):
    predicted = PREDICTIONS[expression]
    assert predicted is not None, f"write your prediction for {expression} in PREDICTIONS"
    assert predicted == value
    assert type(predicted) is type(value), (
        f"{expression} is {value!r}, a {type(value).__name__}, not the {type(predicted).__name__} {predicted!r}"
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
