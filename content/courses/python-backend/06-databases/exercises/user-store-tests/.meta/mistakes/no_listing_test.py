import pytest

import user_store
from user_store import UserStore


@pytest.fixture
def store():
    return UserStore()


def test_ids_count_from_one(store):
    assert store.register("ada@example.org", "Ada") == 1
    assert store.register("bo@example.org", "Bo") == 2


def test_email_is_trimmed_and_lower_cased(store):
    store.register("  Ada@Example.ORG ", "Ada")
    assert store.find("ada@example.org") == {"id": 1, "email": "ada@example.org", "name": "Ada", "active": True}


def test_find_ignores_case_and_spaces(store):
    store.register("ada@example.org", "Ada")
    assert store.find("  ADA@Example.org ")["id"] == 1


def test_find_nobody(store):
    assert store.find("nobody@example.org") is None


@pytest.mark.parametrize("email", ["ada.example.org", "", "   "])
def test_an_email_needs_an_at(store, email):
    with pytest.raises(ValueError):
        store.register(email, "Ada")
    assert store.active_names() == []


@pytest.mark.parametrize("name", ["", "   "])
def test_a_blank_name_is_refused_and_not_stored(store, name):
    with pytest.raises(ValueError):
        store.register("ada@example.org", name)
    assert store.find("ada@example.org") is None
    assert store.active_names() == []


def test_a_taken_email_in_any_case(store):
    store.register("ada@example.org", "Ada")
    with pytest.raises(user_store.DuplicateEmail):
        store.register("ADA@example.org", "Ada again")
    assert store.active_names() == ["Ada"]
    assert store.register("bo@example.org", "Bo") == 2


def test_find_treats_the_email_as_data(store):
    store.register("ada@example.org", "Ada")
    assert store.find("x' OR '1'='1") is None
    assert store.find("o'brien@example.org") is None


def test_deactivate_keeps_the_user(store):
    store.register("ada@example.org", "Ada")
    assert store.deactivate(1) is True
    assert store.find("ada@example.org") == {"id": 1, "email": "ada@example.org", "name": "Ada", "active": False}


def test_deactivate_nobody(store):
    store.register("ada@example.org", "Ada")
    assert store.deactivate(2) is False
