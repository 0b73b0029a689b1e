TEMPORARY_FAILURES = (429, 502, 503, 504)


def status_class(code):
    """"informational", "success", "redirect", "client error", "server error" or "unknown"."""
    if code < 100 or code > 599:
        return "unknown"
    if code < 200:
        return "informational"
    if code < 300:
        return "success"
    if code < 400:
        return "redirect"
    if code < 500:
        return "client error"
    return "server error"


def should_retry(code, attempt, max_attempts=3):
    """True if the failure is temporary and fewer than max_attempts tries were made."""
    return code in TEMPORARY_FAILURES and attempt < max_attempts


def shipping_cost(weight_kg, domestic=True, express=False):
    """The shipping price from the table, or None if the parcel is over 30 kg."""
    if weight_kg <= 2:
        price = 4.50
    elif weight_kg <= 10:
        price = 7.00
    elif weight_kg <= 30:
        price = 12.00
    else:
        return None
    if express:
        price = price + 5.00
    if not domestic:
        price = price * 2
    return price
