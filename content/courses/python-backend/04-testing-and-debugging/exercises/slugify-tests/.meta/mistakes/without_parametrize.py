import pytest

from slugify import slugify


def test_a_simple_title():
    assert slugify("hello world") == "hello-world"


def test_capitals_become_lowercase():
    assert slugify("Hello World") == "hello-world"


def test_digits_are_kept():
    assert slugify("Top 10 tips for 2024") == "top-10-tips-for-2024"


def test_an_existing_slug_is_unchanged():
    assert slugify("release-notes-3") == "release-notes-3"
