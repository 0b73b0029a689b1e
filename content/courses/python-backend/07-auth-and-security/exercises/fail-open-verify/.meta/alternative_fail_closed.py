CAUSE = "The checks were guarded by 'if field', so leaving a field out skipped its check instead of failing it."

import base64
import hashlib
import hmac
import json


def _unb64(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _sign(payload_part, key):
    digest = hmac.new(key, payload_part.encode("ascii"), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def _claims(authorization, key):
    scheme, _, token = (authorization or "").partition(" ")
    payload_part, dot, signature = token.partition(".")
    if scheme != "Bearer" or not dot or "." in signature or not token.isascii():
        return None
    if not hmac.compare_digest(signature.encode(), _sign(payload_part, key).encode()):
        return None
    try:
        claims = json.loads(_unb64(payload_part))
    except ValueError:
        return None
    return claims if isinstance(claims, dict) else None


def current_user(authorization, key, now):
    claims = _claims(authorization, key)
    allowed = (
        claims is not None
        and type(claims.get("exp")) is int
        and now < claims["exp"]
        and isinstance(claims.get("user"), str)
        and claims["user"] != ""
    )
    return claims["user"] if allowed else None
