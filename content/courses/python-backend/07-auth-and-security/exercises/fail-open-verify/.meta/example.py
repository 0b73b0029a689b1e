CAUSE = "Each check ran only when its field was present, so a token without a signature or without an exp skipped the check: a missing field must fail the check, not skip it."

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
    try:
        payload_part, signature = token.split(".")
        claims = json.loads(_unb64(payload_part))
    except ValueError:
        return None
    if not isinstance(claims, dict):
        return None
    try:
        signature_bytes = signature.encode("ascii")
    except UnicodeEncodeError:
        return None
    if not hmac.compare_digest(signature_bytes, _sign(payload_part, key).encode("ascii")):
        return None
    exp = claims.get("exp")
    if not isinstance(exp, int) or now >= exp:
        return None
    user = claims.get("user")
    return user if isinstance(user, str) and user else None
