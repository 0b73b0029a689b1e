# Work out each value by hand, then check yourself in a Python shell.
PREDICTIONS = {
    "0 or 'zero'": "zero",
    "'' and 5": "",
    "3 and 4": 4,
    "None or 0": 0,
    "[] or {}": {},
    "'ok' or 1 / 0": "ok",  # 'ok' is true: 1 / 0 is never evaluated
    "0 and 1 / 0": 0,  # 0 is false: 1 / 0 is never evaluated
    "1 and 'a' or 'b'": "a",  # (1 and 'a') or 'b'
    "0 and 'a' or 'b'": "b",  # (0 and 'a') is 0, so 0 or 'b'
    "not ''": True,
}


def display_name(profile):
    """The first non-empty of nickname, name and email, else "anonymous"."""
    return profile.get("nickname") or profile.get("name") or profile.get("email") or "anonymous"


def can_log_in(account, password, check_password):
    """True if the account exists, is active and the password is right."""
    return bool(account is not None and check_password(account["hash"], password) and account["active"])
