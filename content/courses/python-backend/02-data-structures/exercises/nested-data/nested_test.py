import pytest

from nested import depth, find_values, flatten, leaf_paths


def nest_list(levels, inner):
    """[[[...[inner]...]]] with `levels` lists around `inner`."""
    value = inner
    for _ in range(levels):
        value = [value]
    return value


def nest_dict(levels, leaf):
    """{"k": {"k": ... {"k": leaf}}} with `levels` dicts."""
    value = leaf
    for _ in range(levels):
        value = {"k": value}
    return value


@pytest.mark.parametrize(
    "items, expected",
    [
        ([1, [2, [3, []]], "ab", [[4]]], [1, 2, 3, "ab", 4]),
        ([], []),
        ([1, 2, 3], [1, 2, 3]),
        ([[], [[]], [[[]]]], []),
        ([[1, 2], [3, [4, [5, [6]]]], 7], [1, 2, 3, 4, 5, 6, 7]),
        (["abc", ("t", "u"), {"k": [1]}, None, [0, False]], ["abc", ("t", "u"), {"k": [1]}, None, 0, False]),
    ],
    ids=[
        "the example",
        "empty list",
        "already flat",
        "only empty lists",
        "several levels",
        "strings, tuples, dicts and None are plain items",
    ],
)
def test_flatten(items, expected):
    assert flatten(items) == expected


def test_flatten_100_levels_deep():
    assert flatten([0, nest_list(100, 1), nest_list(50, [2, 3]), 4]) == [0, 1, 2, 3, 4]


@pytest.mark.parametrize(
    "value, expected",
    [
        ({"user": {"address": {"city": "Oslo"}}, "tags": []}, 3),
        ({"users": [{"name": "Ada"}, {"name": "Bo", "pet": {"kind": "cat"}}]}, 3),
        (42, 0),
        ("text", 0),
        (None, 0),
        ({}, 1),
        ({"a": 1, "b": "two"}, 1),
        ({"a": {}}, 2),
        ({"a": 1, "b": {"c": 2}, "d": {"e": {"f": 3}}}, 3),
        ([], 0),
        ([1, [2, [3]]], 0),
        ([{"a": 1}, [{"b": {"c": 1}}]], 2),
    ],
    ids=[
        "the example",
        "lists don't add a level",
        "a number",
        "a string",
        "None",
        "an empty dict",
        "a flat dict",
        "a dict holding an empty dict",
        "the deepest branch counts",
        "an empty list",
        "lists of lists without dicts",
        "dicts inside nested lists",
    ],
)
def test_depth(value, expected):
    assert depth(value) == expected, (
        f"depth({value!r}): each dict adds one level, a list adds none, and the deepest branch counts"
    )


def test_depth_100_levels():
    assert depth(nest_dict(100, "leaf")) == 100


@pytest.mark.parametrize(
    "config, expected",
    [
        (
            {"db": {"host": "localhost", "port": 5432}, "debug": True},
            {"db.host": "localhost", "db.port": 5432, "debug": True},
        ),
        ({}, {}),
        ({"name": "api", "workers": 4}, {"name": "api", "workers": 4}),
        (
            {"log": {"file": {"path": "/var/log/api.log", "keep": 7}, "level": "info"}},
            {"log.file.path": "/var/log/api.log", "log.file.keep": 7, "log.level": "info"},
        ),
        ({"cache": {}, "mode": "dev"}, {"mode": "dev"}),
        ({"hosts": ["a", "b"], "retry": {"delays": [1, 2, 4]}}, {"hosts": ["a", "b"], "retry.delays": [1, 2, 4]}),
        ({"feature": {"beta": None, "limit": 0}}, {"feature.beta": None, "feature.limit": 0}),
    ],
    ids=[
        "the example",
        "an empty config",
        "already flat",
        "three levels",
        "an empty section leaves nothing",
        "lists are values",
        "None and 0 are values",
    ],
)
def test_leaf_paths(config, expected):
    assert leaf_paths(config) == expected


def test_leaf_paths_100_levels():
    assert leaf_paths(nest_dict(100, "leaf")) == {".".join(["k"] * 100): "leaf"}


TEAM = {
    "owner": {"email": "a@x.io"},
    "members": [{"email": "b@x.io", "manager": {"email": "c@x.io"}}, {"name": "Cy"}],
}


@pytest.mark.parametrize(
    "data, key, expected",
    [
        (TEAM, "email", ["a@x.io", "b@x.io", "c@x.io"]),
        (TEAM, "phone", []),
        (TEAM, "name", ["Cy"]),
        ({"email": None, "backup": {"email": ""}}, "email", [None, ""]),
        ([{"id": 1}, [{"id": 2}, [[{"id": 3}]]]], "id", [1, 2, 3]),
        ({"a": {"a": {"a": 1}}}, "a", [{"a": {"a": 1}}, {"a": 1}, 1]),
        ({"old": {"deeper": {"id": 1}}, "id": 2}, "id", [1, 2]),
        ({"tags": ["id", "email"]}, "id", []),
        ("email", "email", []),
    ],
    ids=[
        "the example",
        "a key nobody has",
        "inside a list",
        "None and empty values are values",
        "lists inside lists",
        "a value before what is inside it",
        "the order of the text, not the shallowest first",
        "strings in lists are not keys",
        "a plain value",
    ],
)
def test_find_values(data, key, expected):
    assert find_values(data, key) == expected, (
        f"find_values(..., {key!r}): every match in the order of the text; a matching value comes first, "
        f"then the matches inside it, so keep searching inside a value you found"
    )


def test_find_values_100_levels():
    data = nest_dict(100, {"target": "deep"})
    assert find_values([data, {"target": "shallow"}], "target") == ["deep", "shallow"]
