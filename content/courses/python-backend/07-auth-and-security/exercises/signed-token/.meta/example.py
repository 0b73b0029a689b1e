import base64
import hashlib
import hmac
import json


class InvalidToken(Exception):
    """Raised by verify with the reason: "malformed", "bad signature" or "expired"."""


def _b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _signature(payload_part, key):
    return _b64(hmac.new(key, payload_part.encode("ascii"), hashlib.sha256).digest())


def sign(claims, key, now, ttl=3600):
    payload = dict(claims, exp=now + ttl)
    payload_part = _b64(json.dumps(payload, separators=(",", ":"), sort_keys=True).encode("utf-8"))
    return f"{payload_part}.{_signature(payload_part, key)}"


def verify(token, key, now):
    if not isinstance(token, str) or token.count(".") != 1:
        raise InvalidToken("malformed")
    payload_part, signature = token.split(".")
    try:
        payload_part.encode("ascii")
        signature.encode("ascii")
    except UnicodeEncodeError:
        raise InvalidToken("malformed") from None
    if not hmac.compare_digest(signature.encode("ascii"), _signature(payload_part, key).encode("ascii")):
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
