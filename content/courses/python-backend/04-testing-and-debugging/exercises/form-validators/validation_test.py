import pytest

from validation import make_checks, validate

GOOD = {"username": "ada", "email": "ada@example.org", "password": "correct horse battery"}


def test_a_valid_form_has_no_errors():
    assert validate(GOOD) == []


@pytest.mark.parametrize(
    "field, value, error",
    [
        ("username", "al", "username: 3 to 20 characters"),
        ("username", "a" * 21, "username: 3 to 20 characters"),
        ("email", "a@b.c", "email: 6 to 254 characters"),
        ("password", "short", "password: 12 to 128 characters"),
    ],
    ids=["short username", "long username", "short email", "short password"],
)
def test_one_bad_field(field, value, error):
    form = dict(GOOD, **{field: value})
    assert validate(form) == [error]


def test_a_missing_field_counts_as_empty():
    form = {"email": "ada@example.org", "password": "correct horse battery"}
    assert validate(form) == ["username: 3 to 20 characters"]


def test_every_bad_field_is_reported_in_order():
    assert validate({"password": "x"}) == [
        "username: 3 to 20 characters",
        "email: 6 to 254 characters",
        "password: 12 to 128 characters",
    ]


def test_other_rules():
    rules = {"code": (4, 4), "note": (0, 10)}
    assert validate({"code": "12345", "note": ""}, rules) == ["code: 4 to 4 characters"]
    assert validate({"code": "1234", "note": "far too long"}, rules) == ["note: 0 to 10 characters"]


def test_each_check_looks_at_its_own_field():
    first, second = make_checks({"name": (1, 5), "city": (2, 9)})
    assert first({"name": "", "city": "Lyon"}) == "name: 1 to 5 characters", (
        "the first check must use the first rule (name, 1 to 5), not the values of the last one"
    )
    assert second({"name": "", "city": "Lyon"}) is None
