import base64
import hmac
import json
from dataclasses import dataclass, field


class InvalidToken(Exception):
    pass


def enc(raw):
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


@dataclass
class Keyring:
    keys: dict
    current: str
    retired: set = field(default_factory=set)

    def __post_init__(self):
        self.keys = dict(self.keys)
        if self.current not in self.keys:
            raise ValueError("the current key must be in keys")

    def _usable(self, kid):
        return kid in self.keys and kid not in self.retired

    def _sig(self, kid, body):
        return enc(hmac.digest(self.keys[kid], f"{kid}.{body}".encode(), "sha256"))

    def sign(self, claims, now, ttl=3600):
        body = enc(json.dumps({**claims, "exp": now + ttl}).encode())
        return f"{self.current}.{body}.{self._sig(self.current, body)}"

    def verify(self, token, now):
        try:
            kid, body, sig = token.split(".")
            sig.encode("ascii"), body.encode("ascii"), kid.encode("ascii")
        except (AttributeError, ValueError):
            raise InvalidToken("malformed") from None
        if not self._usable(kid):
            raise InvalidToken("unknown key")
        if not hmac.compare_digest(sig.encode(), self._sig(kid, body).encode()):
            raise InvalidToken("bad signature")
        try:
            claims = json.loads(base64.urlsafe_b64decode(body + "=" * (len(body) % 4 and 4 - len(body) % 4)))
        except ValueError:
            raise InvalidToken("malformed") from None
        if not isinstance(claims, dict) or type(claims.get("exp")) is not int:
            raise InvalidToken("malformed")
        if claims["exp"] <= now:
            raise InvalidToken("expired")
        return claims

    def rotate(self, kid, key):
        if not isinstance(kid, str) or kid == "" or "." in kid or not kid.isascii():
            raise ValueError("bad key id")
        if kid in self.keys:
            raise ValueError("key id already used")
        self.keys[kid] = key
        self.current = kid

    def retire(self, kid):
        if kid == self.current:
            raise ValueError("the current key signs new tokens")
        if not self._usable(kid):
            raise KeyError(kid)
        self.retired.add(kid)
