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

