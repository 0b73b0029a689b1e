import hmac


def check_api_key(authorization, expected_key):
    if not authorization or not expected_key:
        return False
    scheme, _, presented = authorization.partition(" ")
    if scheme.lower() != "bearer" or not presented:
        return False
    return hmac.compare_digest(presented, expected_key)
