import pytest

from roster import in_every_team, roster_changes, teams_of

TEAMS = {
    "backend": ["ada", "bo", "cy"],
    "oncall": ["bo", "ada"],
    "design": ["bo", "eve", "ada", "bo"],
}


@pytest.mark.parametrize(
    "before, after, expected",
    [
        (["ada", "bo", "cy"], ["bo", "cy", "cy", "dee"], ({"dee"}, {"ada"})),
        (["ada", "bo"], ["bo", "ada"], (set(), set())),
        ([], ["ada", "bo"], ({"ada", "bo"}, set())),
        (["ada", "bo"], [], (set(), {"ada", "bo"})),
        ([], [], (set(), set())),
        (["ada", "ada", "bo"], ["bo", "bo", "cy", "cy"], ({"cy"}, {"ada"})),
        (["ada", "bo"], ["cy", "dee"], ({"cy", "dee"}, {"ada", "bo"})),
    ],
    ids=[
        "the example",
        "same people in another order",
        "a new team: everyone joined",
        "everyone left",
        "nobody before or after",
        "repeated names count once",
        "a completely new roster",
    ],
)
def test_roster_changes(before, after, expected):
    assert roster_changes(before, after) == expected


def test_roster_changes_returns_joined_first_then_left():
    joined, left = roster_changes(["old"], ["new"])
    assert joined == {"new"}, "the first set holds who joined (in `after`, not in `before`)"
    assert left == {"old"}, "the second set holds who left (in `before`, not in `after`)"


def test_roster_changes_returns_a_tuple_of_two_sets():
    result = roster_changes(["ada"], ["bo"])
    assert type(result) is tuple, f"expected a tuple (joined, left), got {type(result).__name__}"
    assert len(result) == 2
    assert (type(result[0]).__name__, type(result[1]).__name__) == ("set", "set")


@pytest.mark.parametrize(
    "teams, expected",
    [
        (TEAMS, {"ada", "bo"}),
        ({"solo": ["ada", "bo", "ada"]}, {"ada", "bo"}),
        ({}, set()),
        ({"a": ["ada"], "b": ["bo"]}, set()),
        ({"a": ["ada", "bo"], "b": []}, set()),
        ({"a": ["x", "y", "z"], "b": ["z", "y"], "c": ["y", "z", "w"], "d": ["q", "z", "y"]}, {"y", "z"}),
    ],
    ids=[
        "the example",
        "one team: all its members",
        "no teams at all",
        "nobody in common",
        "an empty team",
        "four teams",
    ],
)
def test_in_every_team(teams, expected):
    assert in_every_team(teams) == expected


def test_in_every_team_returns_a_set():
    assert type(in_every_team(TEAMS)).__name__ == "set"
    assert type(in_every_team({})).__name__ == "set"


@pytest.mark.parametrize(
    "teams, expected",
    [
        (
            TEAMS,
            {
                "ada": {"backend", "oncall", "design"},
                "bo": {"backend", "oncall", "design"},
                "cy": {"backend"},
                "eve": {"design"},
            },
        ),
        ({}, {}),
        ({"empty": []}, {}),
        ({"ops": ["ada", "ada", "ada"]}, {"ada": {"ops"}}),
        ({"a": ["x"], "b": ["y"]}, {"x": {"a"}, "y": {"b"}}),
    ],
    ids=[
        "the example",
        "no teams",
        "a team without members adds nobody",
        "a repeated name belongs to the team once",
        "nobody in two teams",
    ],
)
def test_teams_of(teams, expected):
    assert teams_of(teams) == expected


def test_teams_of_gives_sets_of_team_names():
    result = teams_of({"a": ["x"], "b": ["x"]})
    assert type(result["x"]).__name__ == "set", "each username should map to a set of team names"
    assert result["x"] == {"a", "b"}
