STATUS_RANK = {"open": 0, "in-progress": 1, "closed": 2}


def cheapest_first(products):
    """The products by price, lowest first."""
    return sorted(products, key=lambda p: p["price"])


def leaderboard(players):
    """Highest score first, then fewest seconds, then name A-Z ignoring case."""
    return sorted(players, key=lambda p: (-p["score"], p["seconds"], p["name"]))


def recent_logins(users):
    """Newest last_login first; same moment: username A-Z."""
    by_name = sorted(users, key=lambda u: u["username"])
    return sorted(by_name, key=lambda u: u["last_login"], reverse=True)


def triage(tickets):
    """Status open, in-progress, closed (others last); then priority 1 first; then oldest opened."""
    return sorted(
        tickets,
        key=lambda t: (STATUS_RANK.get(t["status"], len(STATUS_RANK)), t["priority"], t["opened"]),
    )


def top_spenders(orders, n):
    """The n (customer, total) pairs with the biggest totals; equal totals by name A-Z."""
    totals = {}
    for customer, amount in orders:
        totals[customer] = totals.get(customer, 0) + amount
    return sorted(totals.items(), key=lambda pair: (-pair[1], pair[0]))[:n]
