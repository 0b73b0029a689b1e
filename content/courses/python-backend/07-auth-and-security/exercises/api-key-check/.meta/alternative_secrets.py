from secrets import compare_digest


def check_api_key(authorization, expected_key):
    if not isinstance(authorization, str) or not expected_key:
        return False
    parts = authorization.split(" ", 1)
    if len(parts) != 2 or parts[0].casefold() != "bearer" or parts[1] == "":
        return False
    return compare_digest(bytes(parts[1], "utf-8"), bytes(expected_key, "utf-8"))
