import hmac


def check_api_key(authorization, expected_key):
    if not authorization:
        return False
    scheme, _, presented = authorization.partition(" ")
    if scheme.lower() != "bearer":
        return False
    return hmac.compare_digest(presented.encode("utf-8"), expected_key.encode("utf-8"))
