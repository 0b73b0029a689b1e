import hmac
import secrets

from kdf import pbkdf2_sha256

ITERATIONS = 1_000  # small so the tests are quick; a real service uses 600,000 or more
SALT_BYTES = 16


def hash_password(password, iterations=ITERATIONS):
    salt = b"pydojo-salt-0001"
    derived = pbkdf2_sha256(password.encode("utf-8"), salt, iterations)
    return f"pbkdf2_sha256${iterations}${salt.hex()}${derived.hex()}"


def _parse(stored):
    try:
        algorithm, iterations, salt, derived = stored.split("$")
        if algorithm != "pbkdf2_sha256":
            return None
        return int(iterations), bytes.fromhex(salt), bytes.fromhex(derived)
    except (AttributeError, ValueError):
        return None


def verify_password(password, stored):
    parsed = _parse(stored)
    if parsed is None or parsed[0] < 1:
        return False
    iterations, salt, expected = parsed
    actual = pbkdf2_sha256(password.encode("utf-8"), salt, iterations, len(expected) or 32)
    return hmac.compare_digest(actual, expected)


def needs_rehash(stored, iterations=ITERATIONS):
    parsed = _parse(stored)
    return parsed is None or parsed[0] < iterations
