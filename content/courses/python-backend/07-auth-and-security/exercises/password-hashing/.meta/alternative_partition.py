import hmac
import os

from kdf import pbkdf2_sha256

ITERATIONS = 1_000
PREFIX = "pbkdf2_sha256$"


def hash_password(password, iterations=ITERATIONS):
    salt = os.urandom(16)
    key = pbkdf2_sha256(bytes(password, "utf-8"), salt, iterations)
    return PREFIX + "$".join([str(iterations), salt.hex(), key.hex()])


def _fields(stored):
    if not isinstance(stored, str) or not stored.startswith(PREFIX):
        return None
    rest = stored[len(PREFIX):].split("$")
    if len(rest) != 3 or not rest[0].isdigit():
        return None
    try:
        return int(rest[0]), bytes.fromhex(rest[1]), bytes.fromhex(rest[2])
    except ValueError:
        return None


def verify_password(password, stored):
    fields = _fields(stored)
    if not fields or fields[0] == 0 or not fields[2]:
        return False
    count, salt, key = fields
    return hmac.compare_digest(pbkdf2_sha256(bytes(password, "utf-8"), salt, count, len(key)), key)


def needs_rehash(stored, iterations=ITERATIONS):
    fields = _fields(stored)
    return True if fields is None else fields[0] < iterations
