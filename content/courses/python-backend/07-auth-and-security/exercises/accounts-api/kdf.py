"""PBKDF2-HMAC-SHA256, given to you (read-only). Use it; don't change it.

`hashlib.pbkdf2_hmac` and `hashlib.scrypt` exist on CPython built with OpenSSL, but not in the
browser's Python (Pyodide 3.14 has no OpenSSL), so this module uses hashlib's when it is there
and the same algorithm (RFC 8018), written with `hmac`, when it is not. Both give the same bytes.
"""

import hashlib
import hmac


def pbkdf2_sha256(password, salt, iterations, length=32):
    """The derived key (bytes) for `password` (bytes) and `salt` (bytes)."""
    if not isinstance(password, bytes) or not isinstance(salt, bytes):
        raise TypeError("password and salt must be bytes: encode text with .encode('utf-8')")
    if not isinstance(iterations, int) or iterations < 1:
        raise ValueError("iterations must be a positive int")
    fast = getattr(hashlib, "pbkdf2_hmac", None)
    if fast is not None:
        return fast("sha256", password, salt, iterations, length)
    inner = hmac.new(password, digestmod=hashlib.sha256)
    out = b""
    block = 1
    while len(out) < length:
        mac = inner.copy()
        mac.update(salt + block.to_bytes(4, "big"))
        u = mac.digest()
        total = int.from_bytes(u, "big")
        for _ in range(iterations - 1):
            mac = inner.copy()
            mac.update(u)
            u = mac.digest()
            total ^= int.from_bytes(u, "big")
        out += total.to_bytes(32, "big")
        block += 1
    return out[:length]
