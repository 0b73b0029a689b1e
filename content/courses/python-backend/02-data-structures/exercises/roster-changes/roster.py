def roster_changes(before, after):
    """(joined, left): the usernames only in `after`, and those only in `before`, as sets."""
    raise NotImplementedError("turn both lists into sets and take two differences")


def in_every_team(teams):
    """The set of usernames that are members of every team (empty when there are no teams)."""
    raise NotImplementedError("intersect the members of all the teams")


def teams_of(teams):
    """A dict mapping each username to the set of team names it belongs to."""
    raise NotImplementedError("build a dict whose values are sets")
