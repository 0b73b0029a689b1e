import hashlib
import hmac
import secrets

ITERATIONS = 1_000


def hash_password(password, iterations=ITERATIONS):
    salt = secrets.token_bytes(16)
    derived = hashlib.sha256(salt + password.encode("utf-8")).digest()
    return f"pbkdf2_sha256${iterations}${salt.hex()}${derived.hex()}"


def verify_password(password, stored):
    try:
        _, iterations, salt, derived = stored.split("$")
        salt, expected = bytes.fromhex(salt), bytes.fromhex(derived)
    except (AttributeError, ValueError):
        return False
    return hmac.compare_digest(hashlib.sha256(salt + password.encode("utf-8")).digest(), expected)


def needs_rehash(stored, iterations=ITERATIONS):
    try:
        return int(stored.split("$")[1]) < iterations
    except (AttributeError, ValueError, IndexError):
        return True
