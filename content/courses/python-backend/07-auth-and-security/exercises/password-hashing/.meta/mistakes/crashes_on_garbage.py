import hmac
import secrets

from kdf import pbkdf2_sha256

ITERATIONS = 1_000


def hash_password(password, iterations=ITERATIONS):
    salt = secrets.token_bytes(16)
    derived = pbkdf2_sha256(password.encode("utf-8"), salt, iterations)
    return f"pbkdf2_sha256${iterations}${salt.hex()}${derived.hex()}"


def verify_password(password, stored):
    algorithm, iterations, salt, derived = stored.split("$")
    actual = pbkdf2_sha256(password.encode("utf-8"), bytes.fromhex(salt), int(iterations))
    return hmac.compare_digest(actual, bytes.fromhex(derived))


def needs_rehash(stored, iterations=ITERATIONS):
    return int(stored.split("$")[1]) < iterations
