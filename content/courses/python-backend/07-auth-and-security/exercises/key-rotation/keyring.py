class InvalidToken(Exception):
    """Raised by Keyring.verify with the reason."""


class Keyring:
    """Signs tokens '<kid>.<payload>.<signature>' with the current key; verifies with any key
    it still holds. See the instructions."""

    def __init__(self, keys, current):
        raise NotImplementedError

    def sign(self, claims, now, ttl=3600):
        raise NotImplementedError

    def verify(self, token, now):
        raise NotImplementedError

    def rotate(self, kid, key):
        raise NotImplementedError

    def retire(self, kid):
        raise NotImplementedError
