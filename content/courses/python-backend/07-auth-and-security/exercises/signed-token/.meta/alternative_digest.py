import hmac
import json
from base64 import urlsafe_b64decode, urlsafe_b64encode


class InvalidToken(Exception):
    pass


def _mac(part, key):
    raw = hmac.digest(key, part.encode(), "sha256")
    return urlsafe_b64encode(raw).decode().rstrip("=")


def sign(claims, key, now, ttl=3600):
    body = {**claims, "exp": now + ttl}
    text = json.dumps(body)
    part = urlsafe_b64encode(text.encode()).decode().rstrip("=")
    return part + "." + _mac(part, key)


def verify(token, key, now):
    pieces = token.split(".") if isinstance(token, str) else []
    if len(pieces) != 2 or not all(p.isascii() for p in pieces):
        raise InvalidToken("malformed")
    part, mac = pieces
    if not hmac.compare_digest(mac.encode(), _mac(part, key).encode()):
        raise InvalidToken("bad signature")
    try:
        body = json.loads(urlsafe_b64decode(part + "==="[: -len(part) % 4]).decode())
    except (ValueError, UnicodeDecodeError):
        raise InvalidToken("malformed")
    exp = body.get("exp") if isinstance(body, dict) else None
    if type(exp) is not int:
        raise InvalidToken("malformed")
    if exp <= now:
        raise InvalidToken("expired")
    return body
