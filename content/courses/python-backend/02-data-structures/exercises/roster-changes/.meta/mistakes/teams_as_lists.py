def roster_changes(before, after):
    """(joined, left): the usernames only in `after`, and those only in `before`, as sets."""
    old, new = set(before), set(after)
    return new - old, old - new


def in_every_team(teams):
    """The set of usernames that are members of every team (empty when there are no teams)."""
    if not teams:
        return set()
    rosters = [set(members) for members in teams.values()]
    return set.intersection(*rosters)


def teams_of(teams):
    """A dict mapping each username to the set of team names it belongs to."""
    result = {}
    for team, members in teams.items():
        for member in members:
            result.setdefault(member, []).append(team)
    return result
