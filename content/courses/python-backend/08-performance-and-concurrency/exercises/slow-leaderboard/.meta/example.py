CAUSE = "points_of walks every event once per player, so the work grows like players x events; one pass that adds each event to a dict of totals does it all at once."


def leaderboard(events):
    """[(player, total points), ...]: highest total first; equal totals in alphabetical order."""
    totals = {}
    for name, points in events:
        totals[name] = totals.get(name, 0) + points
    return sorted(totals.items(), key=lambda row: (-row[1], row[0]))
