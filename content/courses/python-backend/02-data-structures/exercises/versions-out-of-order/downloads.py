CAUSE = ""  # optional, not graded: in one sentence, why are all four results in the wrong order?


def sort_versions(versions):
    """Version strings such as "1.10.2", oldest first."""
    return sorted(versions)


def is_newer(candidate, installed):
    """True if version `candidate` is newer than version `installed`."""
    return candidate > installed


def cheapest_first(offers):
    """Offer dicts by "price" (a text such as "19.99", from the supplier's CSV), cheapest first."""
    return sorted(offers, key=lambda offer: offer["price"])


def newest_first(posts):
    """Post dicts by "date" (a US date text "MM/DD/YYYY"), newest first; same day: keep their order."""
    return sorted(posts, key=lambda post: post["date"], reverse=True)
