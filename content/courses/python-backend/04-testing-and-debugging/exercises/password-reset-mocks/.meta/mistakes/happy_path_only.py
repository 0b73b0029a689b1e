from types import SimpleNamespace
from unittest.mock import Mock

import pytest

from reset import request_reset

NOW = 1_700_000_000
ADA = SimpleNamespace(id=7, email="Ada@Example.com", active=True)


def doubles(user=ADA):
    """A Mock for each collaborator; find_by_email answers `user`."""
    users = Mock()
    users.find_by_email.return_value = user
    mailer = Mock()
    make_token = Mock(return_value="tok-123")
    clock = Mock(return_value=NOW)
    return users, mailer, make_token, clock


def test_sends_the_link_and_saves_the_reset():
    users, mailer, make_token, clock = doubles()
    assert request_reset("ada@example.com", users, mailer, make_token, clock) is True
    users.save_reset.assert_called_once_with(7, "tok-123", NOW + 1800)
    mailer.send.assert_called_once_with(
        "Ada@Example.com", "Reset your password", "https://shop.example/reset?token=tok-123"
    )
    users.clear_reset.assert_not_called()


@pytest.mark.parametrize("typed", ["ada@example.com", "  ADA@Example.COM ", "Ada@Example.com"])
def test_the_address_is_normalised_before_the_lookup(typed):
    users, mailer, make_token, clock = doubles()
    request_reset(typed, users, mailer, make_token, clock)
    users.find_by_email.assert_called_once_with("ada@example.com")


def test_the_mail_goes_to_the_stored_address():
    users, mailer, make_token, clock = doubles()
    request_reset(" ADA@EXAMPLE.COM", users, mailer, make_token, clock)
    assert mailer.send.call_args.args[0] == "Ada@Example.com"


def test_one_token_for_the_database_and_the_link():
    users, mailer, make_token, clock = doubles()
    make_token.side_effect = ["first", "second"]
    request_reset("ada@example.com", users, mailer, make_token, clock)
    saved_token = users.save_reset.call_args.args[1]
    assert saved_token == "first"
    assert mailer.send.call_args.args[2].endswith("token=first")

