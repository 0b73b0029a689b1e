"""PBKDF2-HMAC-SHA256, ready for stage 4 (passwords). Use it as it is.

CPython's `hashlib.pbkdf2_hmac` comes from OpenSSL, which the browser's Python (Pyodide) does
not have. This function uses it when it exists, and otherwise computes the same bytes (RFC 8018,
section 5.2) with `hmac`, which is slower but works everywhere.
"""

import hashlib
import hmac


def pbkdf2_sha256(password, salt, iterations):
    """The 32-byte key derived from `password` and `salt` (both bytes) in `iterations` rounds."""
    if not isinstance(password, bytes) or not isinstance(salt, bytes):
        raise TypeError("password and salt must be bytes: use .encode('utf-8') on text")
    if isinstance(iterations, bool) or not isinstance(iterations, int) or iterations < 1:
        raise ValueError("iterations must be a whole number of at least 1")
    native = getattr(hashlib, "pbkdf2_hmac", None)
    if native is not None:
        return native("sha256", password, salt, iterations)
    # One block is enough: SHA-256 gives 32 bytes, the length we want.
    keyed = hmac.new(password, digestmod=hashlib.sha256)
    step = keyed.copy()
    step.update(salt + (1).to_bytes(4, "big"))
    block = step.digest()
    result = int.from_bytes(block, "big")
    for _ in range(iterations - 1):
        step = keyed.copy()
        step.update(block)
        block = step.digest()
        result ^= int.from_bytes(block, "big")
    return result.to_bytes(32, "big")
