from types import SimpleNamespace
from unittest.mock import Mock

from reset import request_reset


def test_a_known_address_gets_an_email():
    users = Mock()
    users.find_by_email.return_value = SimpleNamespace(id=7, email="ada@example.com", active=True)
    mailer = Mock()
    assert request_reset("ada@example.com", users, mailer, lambda: "tok", lambda: 0) is True
    # It returned True... but what did it send, to whom, and what did it store? Ask the mocks.
