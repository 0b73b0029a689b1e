CAUSE = (
    "The values were compared as strings, character by character, so '1.10' sorts before '1.9', "
    "'100.00' before '25.50' and '12/01/2023' after '01/15/2024'; each key must turn the text "
    "into numbers first."
)


def version_key(version):
    """"1.10.2" -> (1, 10, 2): tuples of ints compare part by part, as numbers."""
    return tuple(int(part) for part in version.split("."))


def sort_versions(versions):
    """Version strings such as "1.10.2", oldest first."""
    return sorted(versions, key=version_key)


def is_newer(candidate, installed):
    """True if version `candidate` is newer than version `installed`."""
    return version_key(candidate) > version_key(installed)


def cheapest_first(offers):
    """Offer dicts by "price" (a text such as "19.99", from the supplier's CSV), cheapest first."""
    return sorted(offers, key=lambda offer: (len(offer["price"]), offer["price"]))


def date_key(text):
    """"MM/DD/YYYY" -> (year, month, day)."""
    month, day, year = text.split("/")
    return int(year), int(month), int(day)


def newest_first(posts):
    """Post dicts by "date" (a US date text "MM/DD/YYYY"), newest first; same day: keep their order."""
    return sorted(posts, key=lambda post: date_key(post["date"]), reverse=True)
