"""Notifications built by composition: a notifier *has* senders, a wrapper *has* a sender."""


class MemorySender:
    """Keeps messages in a list instead of sending them: for development and tests."""

    def __init__(self, name):
        self.name = name
        self.sent = []

    def send(self, recipient, text):
        self.sent.append((recipient, text))


class RetryingSender:
    """Wraps any sender and tries each message up to `attempts` times."""

    def __init__(self, inner, attempts=3):
        if type(attempts) is not int or attempts < 1:
            raise ValueError(f"attempts must be a whole number of at least 1, got {attempts!r}")
        self.inner = inner
        self.attempts = attempts
        self.name = inner.name

    def send(self, recipient, text):
        for attempt in range(1, self.attempts + 1):
            try:
                return self.inner.send(recipient, text)
            except Exception:
                if attempt == self.attempts:
                    raise


class Notifier:
    """Sends every message through each of its senders and reports how each one went."""

    def __init__(self, senders=()):
        self._senders = []
        for sender in senders:
            self.add(sender)

    def add(self, sender):
        if any(existing.name == sender.name for existing in self._senders):
            raise ValueError(f"there is already a sender named {sender.name!r}")
        self._senders.append(sender)
        return self

    def notify(self, recipient, text):
        report = {}
        for sender in self._senders:
            sender.send(recipient, text)
            report[sender.name] = "sent"
        return report
