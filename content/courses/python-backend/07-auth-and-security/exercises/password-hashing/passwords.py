from kdf import pbkdf2_sha256  # noqa: F401  (you will need it)

ITERATIONS = 1_000  # small so the tests are quick; a real service uses 600,000 or more


def hash_password(password, iterations=ITERATIONS):
    """'pbkdf2_sha256$<iterations>$<salt hex>$<derived key hex>', with a new random salt."""
    raise NotImplementedError


def verify_password(password, stored):
    """True when `password` matches the stored hash; False (never an exception) otherwise."""
    raise NotImplementedError


def needs_rehash(stored, iterations=ITERATIONS):
    """True when `stored` was made with fewer iterations than `iterations` (or is unreadable)."""
    raise NotImplementedError
