"""Password hashes: salted PBKDF2-HMAC-SHA256, stored as
"pbkdf2_sha256$<iterations>$<salt hex>$<key hex>".

The string records its own iteration count, so the count can be raised later and old hashes
still verify. 1000 keeps the tests quick in the browser; a real deployment would use 600 000
(OWASP's figure for PBKDF2-HMAC-SHA256) or more.
"""

import hmac
import secrets

from .kdf import pbkdf2_sha256

ALGORITHM = "pbkdf2_sha256"
ITERATIONS = 1000


def hash_password(password):
    salt = secrets.token_bytes(16)
    key = pbkdf2_sha256(password.encode("utf-8"), salt, ITERATIONS)
    return f"{ALGORITHM}${ITERATIONS}${salt.hex()}${key.hex()}"


def verify_password(password, stored):
    """True when `password` is the one `stored` was made from."""
    try:
        algorithm, iterations, salt, key = stored.split("$")
        if algorithm != ALGORITHM:
            return False
        derived = pbkdf2_sha256(password.encode("utf-8"), bytes.fromhex(salt), int(iterations))
    except ValueError:
        return False
    return hmac.compare_digest(derived.hex(), key)


# Verified against when the user name is unknown, so that a login for a name that doesn't exist
# takes as long as one with a wrong password.
DUMMY_HASH = hash_password(secrets.token_hex(8))
