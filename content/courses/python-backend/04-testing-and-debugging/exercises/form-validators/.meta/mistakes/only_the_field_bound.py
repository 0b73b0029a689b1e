CAUSE = (
    "Each check was a closure that looked up field, low and high when it was called, after the "
    "loop had finished, so late binding made every check see the values of the last rule."
)

SIGNUP_RULES = {
    "username": (3, 20),
    "email": (6, 254),
    "password": (12, 128),
}


def make_checks(rules):
    """Build one check per field of `rules` (a dict: field -> (min_length, max_length)), in the
    order of `rules`.

    A check takes a form (a dict of str -> str; a missing field counts as "") and returns an
    error message such as "username: 3 to 20 characters", or None when the field is fine.
    """
    checks = []
    for field, (low, high) in rules.items():

        def check(form, field=field):
            value = form.get(field, "")
            if not low <= len(value) <= high:
                return f"{field}: {low} to {high} characters"
            return None

        checks.append(check)
    return checks


def validate(form, rules=SIGNUP_RULES):
    """Return the list of error messages for `form`, in the order of `rules` ([] if valid)."""
    errors = []
    for check in make_checks(rules):
        error = check(form)
        if error is not None:
            errors.append(error)
    return errors
