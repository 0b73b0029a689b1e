def check_api_key(authorization, expected_key):
    """True when the Authorization header ("Bearer <key>") carries exactly `expected_key`.

    Compare the keys with hmac.compare_digest, never with ==. See the instructions.
    """
    return False
