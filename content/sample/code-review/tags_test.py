import pytest

from pydojo_harness import analyzers
from tags import collect_tags, parse_count


def test_collect_tags_example():
    assert collect_tags([{"tags": ["Python", " web "]}, {"tags": ["python", ""]}]) == ["python", "web"]


def test_collect_tags_twice_gives_fresh_results():
    assert collect_tags([{"tags": ["a"]}]) == ["a"]
    assert collect_tags([{"tags": ["b"]}]) == ["b"], "the second call must not see the tags of the first"


def test_collect_tags_without_posts():
    assert collect_tags([]) == []


@pytest.mark.parametrize("text, expected", [("42", 42), (" 7 ", 7), ("x", 0), ("", 0), ("3.5", 0)])
def test_parse_count(text, expected):
    assert parse_count(text) == expected


def test_parse_count_does_not_hide_wrong_types():
    with pytest.raises(TypeError):
        parse_count(None)


def test_no_essential_review_comments():
    # This exercise opts in: the essential review comments are part of the verdict.
    analyzers.assert_no_comments("essential")
