# Work out each value by hand, then check yourself in a Python shell.
PREDICTIONS = {
    "0 or 'zero'": None,
    "'' and 5": None,
    "3 and 4": None,
    "None or 0": None,
    "[] or {}": None,
    "'ok' or 1 / 0": None,
    "0 and 1 / 0": None,
    "1 and 'a' or 'b'": None,
    "0 and 'a' or 'b'": None,
    "not ''": None,
}


def display_name(profile):
    """The first non-empty of nickname, name and email, else "anonymous"."""
    raise NotImplementedError("chain the fallbacks with or")


def can_log_in(account, password, check_password):
    """True if the account exists, is active and the password is right."""
    raise NotImplementedError("the expensive check goes last")
