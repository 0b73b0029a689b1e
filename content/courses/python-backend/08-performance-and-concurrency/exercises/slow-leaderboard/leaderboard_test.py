# The judge's clock, bound before your module is imported: the timing test at the end reads it
# in the tests' process, which your code cannot reach.
from time import perf_counter
import random

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


# -- a whole season, timed ----------------------------------------------------------------------
# Line events miss work done inside built-ins, and the counted test sees only == and hash() on the
# names: a hash() is just a number, so comparing every event's name-hash with every player's (in
# C, with map or compress) looks linear to both and is still players x events steps. This test
# times the whole call on plain events, with the tests' own clock, on seasons that double in
# size; a quadratic solution stops at the first size that takes too long.

SEASON_SIZES = [7_500, 15_000, 30_000]
SEASON_LIMIT = 4.0  # seconds for each size; one pass with a dict takes a few tenths at most


def season(n):
    """n events among n // 2 players, in a fixed random order."""
    rng = random.Random(n)
    players = [f"player-{i:05d}" for i in range(n // 2)]
    return [(rng.choice(players), rng.randrange(50)) for _ in range(n)]


def test_a_whole_season_in_time():
    steps = []
    for n in SEASON_SIZES:
        events = season(n)
        start = perf_counter()
        expected = _ranked(events)
        own_seconds = perf_counter() - start
        start = perf_counter()  # the call, and reading its answer as plain values: work left for later is timed too
        right = perf.unwrap(leaderboard(events), strict=True) == expected
        seconds = perf_counter() - start
        steps.append(f"{n:,} events: {seconds:.2f} s")
        assert right, f"leaderboard() on {n:,} events gave a wrong answer: the small cases above show which"
        assert seconds <= SEASON_LIMIT, (
            f"leaderboard() on {n:,} events took {seconds:.1f} s, more than the {SEASON_LIMIT} s allowed "
            f"({'; '.join(steps)}); the tests' own dict of totals takes {own_seconds:.3f} s here. When "
            f"twice the events take about four times as long, the work grows like players x events: "
            f"a walk over all the events for each player, even one done inside built-ins (sum, map, "
            f"compress, list.count) on the names' hashes. Add each event to a dict of totals in one pass."
        )
    perf.note(f"leaderboard() on whole seasons: {'; '.join(steps)} (limit {SEASON_LIMIT} s each)")
