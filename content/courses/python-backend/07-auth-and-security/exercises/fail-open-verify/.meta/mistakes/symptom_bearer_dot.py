CAUSE = ""  # optional, not graded: in one sentence, why were the pen-tester's tokens accepted?

import base64
import hashlib
import hmac
import json


def _unb64(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _sign(payload_part, key):
    digest = hmac.new(key, payload_part.encode("ascii"), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def current_user(authorization, key, now):
    """The user named by a valid 'Bearer <payload>.<signature>' header, or None (the API then
    answers 401). Valid: signed with `key` (HMAC-SHA256 of the payload part), and `now` is
    before the payload's "exp"."""
    if not authorization or not authorization.startswith("Bearer "):
        return None
    token = authorization[len("Bearer "):]
    if token.endswith("."):
        return None
    if '"exp"' not in _unb64(token.split(".")[0]).decode("utf-8", "replace"):
        return None
    try:
        payload_part, signature = token.split(".")
        claims = json.loads(_unb64(payload_part))
    except ValueError:
        return None
    if not isinstance(claims, dict):
        return None
    if signature and not hmac.compare_digest(signature.encode(), _sign(payload_part, key).encode()):
        return None
    if claims.get("exp") and now >= claims["exp"]:
        return None
    return claims.get("user")
