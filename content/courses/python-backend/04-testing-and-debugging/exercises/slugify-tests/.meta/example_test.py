import pytest

from slugify import slugify


def test_a_simple_title():
    assert slugify("hello world") == "hello-world"


def test_capitals_become_lowercase():
    assert slugify("Hello World") == "hello-world"


def test_digits_are_kept():
    assert slugify("Top 10 tips for 2024") == "top-10-tips-for-2024"


@pytest.mark.parametrize(
    "title, expected",
    [
        ("Hello, World", "hello-world"),
        ("a  --  b", "a-b"),
        ("rock & roll", "rock-roll"),
        ("Café au lait", "caf-au-lait"),
        ("snake_case name", "snake-case-name"),
    ],
)
def test_a_run_of_separators_becomes_one_dash(title, expected):
    assert slugify(title) == expected


@pytest.mark.parametrize(
    "title, expected",
    [
        ("Hello!", "hello"),
        ("  (draft) notes", "draft-notes"),
        ("--already-sluggy--", "already-sluggy"),
    ],
)
def test_no_dash_at_either_end(title, expected):
    assert slugify(title) == expected


@pytest.mark.parametrize("title", ["", "!!!", "   ", "---"])
def test_no_letters_or_digits_gives_untitled(title):
    assert slugify(title) == "untitled"


def test_an_existing_slug_is_unchanged():
    assert slugify("release-notes-3") == "release-notes-3"
