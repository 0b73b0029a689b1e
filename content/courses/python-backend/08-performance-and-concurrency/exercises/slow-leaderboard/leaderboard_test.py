from pydojo_harness import perf
from leaderboard import leaderboard

SIZES = [100, 200, 400, 800]
# The reference's line events on the same inputs (graded on CPython 3.11, stored here).
REFERENCE = {"class": "linear", "series": {100: 228, 200: 453, 400: 903, 800: 1803}}


def game(n):
    """n events among n // 4 players."""
    players = [f"player-{i:04d}" for i in range(n // 4)]
    return [(players[(i * 7) % len(players)], (i * 13) % 50) for i in range(n)]


def test_the_example():
    events = [("ada", 30), ("bo", 10), ("ada", 5), ("cy", 35), ("bo", 20)]
    assert leaderboard(events) == [("ada", 35), ("cy", 35), ("bo", 30)], (
        "highest total first; ada and cy both have 35, so they come in alphabetical order"
    )


def test_equal_totals_in_alphabetical_order():
    events = [("zed", 10), ("mia", 10), ("abe", 10), ("kim", 40)]
    assert leaderboard(events) == [("kim", 40), ("abe", 10), ("mia", 10), ("zed", 10)], (
        "equal totals must be listed in alphabetical order of the player, not in the order they first scored"
    )


def test_no_events():
    assert leaderboard([]) == []


def test_zero_points_still_count_as_a_player():
    assert leaderboard([("ada", 0)]) == [("ada", 0)]


def test_where_the_time_goes():
    ranked, rows = perf.profile(leaderboard, game(4000), label="leaderboard() on 4,000 events")
    assert len(ranked) == 1000
    assert rows, "the profile has at least one row"


def test_work_grows_linearly():
    result = perf.growth(leaderboard, game, SIZES, reference=REFERENCE)
    perf.assert_growth_at_most(
        result,
        "linear",
        hint="Which function does the profile show called once per player, and how many events "
        "does each of those calls walk?",
    )


def _ranked(events):
    """The test's own answer, on plain values."""
    totals = {}
    for name, points in events:
        totals[name] = totals.get(name, 0) + points
    return sorted(totals.items(), key=lambda row: (-row[1], row[0]))


def _counted_game(n, counter):
    events = game(n)
    return list(zip(perf.values([name for name, _ in events], counter), [points for _, points in events]))


def test_comparisons_of_names_grow_linearly():
    # Counted where your code can't reach: every == and hash() on a player's name. Line events
    # miss work done inside built-ins (sum(compress(...)) over every event, once per player).
    counter = perf.Counter("== and hash() calls on player names")
    result = perf.growth(
        leaderboard,
        lambda n: _counted_game(n, counter),
        [40, 80, 160, 320],
        cost=(counter, lambda c: c.eq + c.hash),
        check=lambda events, out: perf.unwrap(out, strict=True) == _ranked(perf.unwrap(events)),
    )
    perf.assert_growth_at_most(
        result,
        "linear",
        hint="Each player's total should come from one pass over the events (a dict of totals), "
        "not from comparing every event's name with every player.",
    )
