import base64
import hashlib
import hmac
import json


class InvalidToken(Exception):
    """Raised by Keyring.verify with the reason."""


def _b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _mac(key, signed_part):
    return _b64(hmac.new(key, signed_part.encode("ascii"), hashlib.sha256).digest())


class Keyring:
    def __init__(self, keys, current):
        self._keys = dict(keys)
        if current not in self._keys:
            raise ValueError(f"no key {current!r} to sign with")
        self.current = current

    def sign(self, claims, now, ttl=3600):
        payload = dict(claims, exp=now + ttl)
        signed_part = self.current + "." + _b64(json.dumps(payload, sort_keys=True).encode("utf-8"))
        return signed_part + "." + _mac(self._keys[self.current], signed_part)

    def verify(self, token, now):
        if not isinstance(token, str) or not token.isascii() or token.count(".") != 2:
            raise InvalidToken("malformed")
        kid, payload_part, signature = token.split(".")
        key = self._keys.get(kid) and self._keys[self.current]
        if key is None:
            raise InvalidToken("unknown key")
        expected = _mac(key, f"{kid}.{payload_part}")
        if not hmac.compare_digest(signature.encode("ascii"), expected.encode("ascii")):
            raise InvalidToken("bad signature")
        try:
            payload = json.loads(_unb64(payload_part))
        except ValueError:
            raise InvalidToken("malformed") from None
        if not isinstance(payload, dict) or not isinstance(payload.get("exp"), int):
            raise InvalidToken("malformed")
        if now >= payload["exp"]:
            raise InvalidToken("expired")
        return payload

    def rotate(self, kid, key):
        if not kid or "." in kid or not kid.isascii():
            raise ValueError("a key id is non-empty ASCII without '.'")
        if kid in self._keys:
            raise ValueError(f"key id {kid!r} was already used: pick a new one")
        self._keys[kid] = key
        self.current = kid

    def retire(self, kid):
        if kid == self.current:
            raise ValueError("cannot retire the key that signs new tokens: rotate first")
        if kid not in self._keys:
            raise KeyError(kid)
        del self._keys[kid]
