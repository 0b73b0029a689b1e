import hmac


def check_api_key(authorization, expected_key):
    """True when the Authorization header carries exactly `expected_key` as a Bearer token."""
    if not authorization or not expected_key:
        return False
    scheme, _, presented = authorization.partition(" ")
    if scheme.lower() != "bearer" or not presented:
        return False
    return hmac.compare_digest(presented.encode("utf-8"), expected_key.encode("utf-8"))
