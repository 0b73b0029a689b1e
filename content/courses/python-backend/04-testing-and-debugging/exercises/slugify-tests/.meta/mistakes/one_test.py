import pytest

from slugify import slugify


def test_a_simple_title():
    assert slugify("hello world") == "hello-world"
