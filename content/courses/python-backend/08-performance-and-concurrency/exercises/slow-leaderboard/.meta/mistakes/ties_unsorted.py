CAUSE = "points_of scanned all events per player."


def leaderboard(events):
    """[(player, total points), ...]: highest total first; equal totals in alphabetical order."""
    totals = {}
    for name, points in events:
        totals[name] = totals.get(name, 0) + points
    return sorted(totals.items(), key=lambda row: row[1], reverse=True)
