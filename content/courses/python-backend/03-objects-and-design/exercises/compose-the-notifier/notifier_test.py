import pytest

from notifier import MemorySender, Notifier, RetryingSender


class FakeSender:
    """A sender written by the tests: your classes must work with any object that has
    a `name` and a `send(recipient, text)` method. It fails its first `failures` calls."""

    def __init__(self, name, failures=0, error=None, log=None):
        self.name = name
        self.calls = []
        self.failures = failures
        self.error = error or ConnectionError("timeout")
        self.log = log

    def send(self, recipient, text):
        self.calls.append((recipient, text))
        if self.log is not None:
            self.log.append(self.name)
        if self.failures > 0:
            self.failures -= 1
            raise self.error


class GatewayDown(Exception):
    pass


# --- MemorySender -------------------------------------------------------------------------

def test_memory_sender_keeps_what_it_sends():
    sender = MemorySender("log")
    sender.send("ada@example.com", "Your order shipped")
    sender.send("bo@example.com", "Welcome!")
    assert sender.name == "log"
    assert sender.sent == [("ada@example.com", "Your order shipped"), ("bo@example.com", "Welcome!")]


def test_every_memory_sender_has_its_own_list():
    first, second = MemorySender("a"), MemorySender("b")
    first.send("ada", "hi")
    assert second.sent == [], "a message sent by one MemorySender shows up in another: is the list shared?"


# --- RetryingSender -----------------------------------------------------------------------

def test_retrying_sender_takes_the_name_of_the_sender_it_wraps():
    assert RetryingSender(FakeSender("sms")).name == "sms"


def test_retrying_sender_sends_once_when_it_works():
    inner = FakeSender("sms")
    RetryingSender(inner, attempts=3).send("+4471234", "code 1234")
    assert inner.calls == [("+4471234", "code 1234")]


def test_retrying_sender_retries_until_it_works():
    inner = FakeSender("sms", failures=2)
    RetryingSender(inner, attempts=3).send("+4471234", "code 1234")
    assert len(inner.calls) == 3, "failed twice, so the third attempt should have been the last"


def test_retrying_sender_gives_up_and_raises_the_last_error():
    inner = FakeSender("sms", failures=5)
    with pytest.raises(ConnectionError, match="timeout"):
        RetryingSender(inner, attempts=2).send("+4471234", "code 1234")
    assert len(inner.calls) == 2


def test_retrying_sender_tries_three_times_by_default():
    inner = FakeSender("sms", failures=5)
    with pytest.raises(ConnectionError):
        RetryingSender(inner).send("+4471234", "code 1234")
    assert len(inner.calls) == 3


def test_retrying_senders_can_wrap_each_other():
    inner = FakeSender("sms", failures=3)
    twice_twice = RetryingSender(RetryingSender(inner, attempts=2), attempts=2)
    twice_twice.send("+4471234", "code 1234")
    assert (twice_twice.name, len(inner.calls)) == ("sms", 4)


@pytest.mark.parametrize("attempts", [0, -1, 1.5])
def test_retrying_sender_refuses_a_bad_number_of_attempts(attempts):
    with pytest.raises(ValueError):
        RetryingSender(FakeSender("sms"), attempts=attempts)


# --- Notifier -----------------------------------------------------------------------------

def test_notify_sends_through_every_sender():
    email, sms = FakeSender("email"), FakeSender("sms")
    report = Notifier([email, sms]).notify("ada", "Your order shipped")
    assert report == {"email": "sent", "sms": "sent"}
    assert email.calls == [("ada", "Your order shipped")]
    assert sms.calls == [("ada", "Your order shipped")]


def test_notify_uses_the_senders_in_the_order_they_were_given():
    log = []
    notifier = Notifier([FakeSender("push", log=log), FakeSender("email", log=log)])
    notifier.add(FakeSender("sms", log=log))
    notifier.notify("ada", "hi")
    assert log == ["push", "email", "sms"]


def test_a_failing_sender_does_not_stop_the_others():
    sms = FakeSender("sms", failures=1, error=GatewayDown("503 from the gateway"))
    email = FakeSender("email")
    report = Notifier([sms, email]).notify("ada", "hi")
    assert report == {"sms": "failed: GatewayDown: 503 from the gateway", "email": "sent"}
    assert email.calls == [("ada", "hi")]


def test_notifier_without_senders():
    assert Notifier().notify("ada", "hi") == {}


def test_add_returns_the_notifier():
    notifier = Notifier()
    assert notifier.add(FakeSender("email")) is notifier
    assert notifier.notify("ada", "hi") == {"email": "sent"}


def test_sender_names_are_unique():
    notifier = Notifier([FakeSender("email")])
    with pytest.raises(ValueError):
        notifier.add(FakeSender("email"))
    with pytest.raises(ValueError):
        Notifier([FakeSender("sms"), FakeSender("sms")])


def test_pieces_combine():
    flaky_sms = FakeSender("sms", failures=2)
    audit = MemorySender("audit")
    broken = FakeSender("push", failures=9)
    notifier = Notifier([RetryingSender(flaky_sms, attempts=3), audit, RetryingSender(broken, attempts=2)])
    report = notifier.notify("ada", "Your code is 1234")
    assert report == {"sms": "sent", "audit": "sent", "push": "failed: ConnectionError: timeout"}
    assert audit.sent == [("ada", "Your code is 1234")]
    assert (len(flaky_sms.calls), len(broken.calls)) == (3, 2)
