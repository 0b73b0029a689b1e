"""Notifications built by composition: a notifier *has* senders, a wrapper *has* a sender."""


class MemorySender:
    """Keeps messages in a list instead of sending them: for development and tests."""

    def __init__(self, name):
        raise NotImplementedError("keep the name and an empty list `sent`")

    def send(self, recipient, text):
        raise NotImplementedError("remember (recipient, text)")


class RetryingSender:
    """Wraps any sender and tries each message up to `attempts` times."""

    def __init__(self, inner, attempts=3):
        raise NotImplementedError("keep the wrapped sender; take its name")

    def send(self, recipient, text):
        raise NotImplementedError("call the wrapped sender, retrying on errors")


class Notifier:
    """Sends every message through each of its senders and reports how each one went."""

    def __init__(self, senders=()):
        raise NotImplementedError("keep the senders")

    def add(self, sender):
        raise NotImplementedError("add a sender (names are unique) and return self")

    def notify(self, recipient, text):
        raise NotImplementedError("send through every sender; return {name: outcome}")
