from collections import Counter

CAUSE = "One scan of all events per player; a Counter adds them up in one pass."


def leaderboard(events):
    """[(player, total points), ...]: highest total first; equal totals in alphabetical order."""
    totals = Counter()
    for name, points in events:
        totals[name] += points
    by_name = sorted(totals.items())
    by_name.sort(key=lambda row: row[1], reverse=True)
    return by_name
