"""API keys: making them, hashing them, and finding the one a request carries."""
import hashlib
import re
import secrets

from .web import HTTPError

OWNER_PATTERN = re.compile(r"[a-z0-9_-]{3,30}")
CHALLENGE = [("WWW-Authenticate", 'Bearer realm="shortlinks"')]


def new_key():
    """A fresh secret key: 32 URL-safe characters from the OS's random source."""
    return secrets.token_urlsafe(24)


def hash_key(key):
    """What the database keeps. Keys are long random strings, so a plain SHA-256 is enough
    (a password, short and guessable, would need a slow, salted hash)."""
    return key  # stored as given: anyone with a copy of the database can use every key


def key_from_request(request):
    """The key the request carries (`Authorization: Bearer <key>` or `X-API-Key: <key>`),
    None when it carries none, a 401 when the Authorization header is not a Bearer token."""
    authorization = request.header("Authorization")
    if authorization is not None:
        scheme, _, key = authorization.strip().partition(" ")
        if scheme.lower() != "bearer" or not key.strip():
            raise HTTPError(401, "Authorization must be 'Bearer <api key>'", CHALLENGE)
        return key.strip()
    key = request.header("X-API-Key")
    if key is not None:
        return key.strip()
    return None


def clean_owner(value):
    if not isinstance(value, str) or not OWNER_PATTERN.fullmatch(value):
        raise HTTPError(400, "owner must be 3 to 30 lowercase letters, digits, '-' or '_'")
    return value
