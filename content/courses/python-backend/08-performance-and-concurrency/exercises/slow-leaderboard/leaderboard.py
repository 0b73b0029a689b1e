CAUSE = ""  # optional, not graded: in one sentence, which function does the profile blame, and why is it called so often?


def points_of(player, events):
    """Total points `player` scored in `events`."""
    total = 0
    for name, points in events:
        if name == player:
            total += points
    return total


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
        ranked.append((player, points_of(player, events)))
    ranked.sort(key=lambda row: (-row[1], row[0]))
    return ranked
