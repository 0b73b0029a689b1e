import pytest

from signup import Signup, parse_signup, validation_errors


def body(**changes):
    """A valid request body, with some fields changed (or removed, when the value is DROP)."""
    data = {"username": "ada_l", "email": "ada@example.com", "age": 36, "newsletter": True}
    data.update(changes)
    return {key: value for key, value in data.items() if value is not DROP}


class _Missing:
    def __repr__(self):
        return "DROP"


DROP = _Missing()


# --- valid bodies --------------------------------------------------------------------------

def test_a_valid_body():
    assert parse_signup(body()) == Signup("ada_l", "ada@example.com", 36, True)


def test_newsletter_defaults_to_false():
    assert parse_signup(body(newsletter=DROP)) == Signup("ada_l", "ada@example.com", 36, False)


def test_values_are_cleaned():
    data = body(username="  Ada_L ", email="  Ada@Example.COM ")
    assert parse_signup(data) == Signup("ada_l", "ada@example.com", 36, True)


@pytest.mark.parametrize("age", [13, 130])
def test_age_limits_are_included(age):
    assert parse_signup(body(age=age)).age == age


@pytest.mark.parametrize("username", ["bob", "x" * 20, "A_1", "___"])
def test_usernames_that_are_fine(username):
    assert parse_signup(body(username=username)).username == username.lower()


@pytest.mark.parametrize("email", ["a@b.co", "first.last+tag@mail.example.org"])
def test_emails_that_are_fine(email):
    assert parse_signup(body(email=email)).email == email


def test_a_valid_body_has_no_errors():
    assert validation_errors(body()) == []


# --- one problem at a time: parse_signup names the field -----------------------------------

def case(field, value, message):
    """One bad field: the test id shows the field and the value it was given."""
    label = f"{field} missing" if value is DROP else f"{field}={value!r}"
    return pytest.param(field, value, message, id=label)


@pytest.mark.parametrize(
    "field, value, message",
    [
        case("username", DROP, "username: required"),
        case("email", DROP, "email: required"),
        case("age", DROP, "age: required"),
        case("is_admin", True, "is_admin: unknown field"),
        case("username", "al", "username: must be 3-20 letters, digits or underscores"),
        case("username", "x" * 21, "username: must be 3-20 letters, digits or underscores"),
        case("username", "ada lovelace", "username: must be 3-20 letters, digits or underscores"),
        case("username", "zoë_1", "username: must be 3-20 letters, digits or underscores"),
        case("email", "ada.example.com", "email: not a valid address"),
        case("email", "ada@example", "email: not a valid address"),
        case("email", "ada@@example.com", "email: not a valid address"),
        case("email", "@example.com", "email: not a valid address"),
        case("email", "ada@.example.com", "email: not a valid address"),
        case("email", "ada@example.com.", "email: not a valid address"),
        case("email", "ada@exa mple.com", "email: not a valid address"),
        case("age", 12, "age: must be between 13 and 130"),
        case("age", 131, "age: must be between 13 and 130"),
        case("age", -5, "age: must be between 13 and 130"),
    ],
)
def test_value_errors_name_the_field(field, value, message):
    with pytest.raises(ValueError) as excinfo:
        parse_signup(body(**{field: value}))
    assert str(excinfo.value) == message


@pytest.mark.parametrize(
    "field, value, message",
    [
        case("username", 42, "username: expected str, got int"),
        case("email", None, "email: expected str, got NoneType"),
        case("age", "36", "age: expected int, got str"),
        case("age", 36.0, "age: expected int, got float"),
        case("age", True, "age: expected int, got bool"),
        case("newsletter", "yes", "newsletter: expected bool, got str"),
        case("newsletter", 1, "newsletter: expected bool, got int"),
    ],
)
def test_type_errors_name_the_field(field, value, message):
    with pytest.raises(TypeError) as excinfo:
        parse_signup(body(**{field: value}))
    assert str(excinfo.value) == message


@pytest.mark.parametrize(
    "data, message",
    [
        (["ada", 36], "body: expected an object, got list"),
        ("ada", "body: expected an object, got str"),
        (None, "body: expected an object, got NoneType"),
    ],
    ids=["a list", "a str", "None"],
)
def test_the_body_must_be_a_dict(data, message):
    with pytest.raises(TypeError) as excinfo:
        parse_signup(data)
    assert str(excinfo.value) == message


def test_the_first_problem_wins():
    with pytest.raises(ValueError) as excinfo:
        parse_signup({"age": "old", "role": "admin", "email": "nope"})
    assert str(excinfo.value) == "role: unknown field"


# --- all problems at once ------------------------------------------------------------------

def test_validation_errors_lists_every_problem_in_order():
    data = {"email": "nope", "age": True, "role": "admin", "is_admin": True}
    assert validation_errors(data) == [
        "is_admin: unknown field",
        "role: unknown field",
        "username: required",
        "email: not a valid address",
        "age: expected int, got bool",
    ]


def test_validation_errors_for_a_body_that_is_not_a_dict():
    assert validation_errors([1, 2]) == ["body: expected an object, got list"]


def test_validation_errors_one_per_field():
    assert validation_errors(body(username=" x ", age=200)) == [
        "username: must be 3-20 letters, digits or underscores",
        "age: must be between 13 and 130",
    ]
