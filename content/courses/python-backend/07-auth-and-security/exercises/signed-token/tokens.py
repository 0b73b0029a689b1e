class InvalidToken(Exception):
    """Raised by verify with the reason: "malformed", "bad signature" or "expired"."""


def sign(claims, key, now, ttl=3600):
    """A token '<payload>.<signature>' holding `claims` plus "exp": now + ttl."""
    raise NotImplementedError


def verify(token, key, now):
    """The token's claims (with "exp") if it is well-formed, signed with `key` and not expired
    at `now`; otherwise raise InvalidToken(reason)."""
    raise NotImplementedError
