CAUSE = "points_of was slow, so I inlined it."


def leaderboard(events):
    """[(player, total points), ...]: highest total first; equal totals in alphabetical order."""
    players = []
    seen = set()
    for name, _ in events:
        if name not in seen:
            seen.add(name)
            players.append(name)
    ranked = []
    for player in players:
        total = 0
        for name, points in events:
            if name == player:
                total += points
        ranked.append((player, total))
    ranked.sort(key=lambda row: (-row[1], row[0]))
    return ranked
