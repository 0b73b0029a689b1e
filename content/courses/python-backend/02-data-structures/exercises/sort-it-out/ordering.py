def cheapest_first(products):
    """The products by price, lowest first."""
    raise NotImplementedError("sorted() with a key")


def leaderboard(players):
    """Highest score first, then fewest seconds, then name A-Z ignoring case."""
    raise NotImplementedError("a key that returns a tuple")


def recent_logins(users):
    """Newest last_login first; same moment: username A-Z."""
    raise NotImplementedError("one key goes down, the other up")


def triage(tickets):
    """Status open, in-progress, closed (others last); then priority 1 first; then oldest opened."""
    raise NotImplementedError("rank the statuses with a dict")


def top_spenders(orders, n):
    """The n (customer, total) pairs with the biggest totals; equal totals by name A-Z."""
    raise NotImplementedError("add up per customer, then sort the totals")
