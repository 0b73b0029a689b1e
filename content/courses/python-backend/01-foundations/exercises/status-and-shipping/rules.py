def status_class(code):
    """"informational", "success", "redirect", "client error", "server error" or "unknown"."""
    raise NotImplementedError("an if/elif chain on the ranges")


def should_retry(code, attempt, max_attempts=3):
    """True if the failure is temporary and fewer than max_attempts tries were made."""
    raise NotImplementedError("two conditions")


def shipping_cost(weight_kg, domestic=True, express=False):
    """The shipping price from the table, or None if the parcel is over 30 kg."""
    raise NotImplementedError("weight first, then abroad, then express")
