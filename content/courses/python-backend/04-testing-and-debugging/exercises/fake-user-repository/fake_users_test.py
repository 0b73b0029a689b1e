"""Contract tests: every test runs against the real SQLite repository AND your fake.

If a test fails only for "fake", your fake does not behave like the real thing yet, and tests
that use it would pass where production fails.
"""
import pytest

from fake_users import InMemoryUserRepository
from users_sqlite import DuplicateEmail, SqliteUserRepository, User, names_in_order

KINDS = ["sqlite", "fake"]


def make(kind):
    return SqliteUserRepository() if kind == "sqlite" else InMemoryUserRepository()


@pytest.mark.parametrize("kind", KINDS)
def test_add_gives_ids_from_one(kind):
    repo = make(kind)
    assert repo.add("ada@example.com", "Ada") == User(1, "ada@example.com", "Ada")
    assert repo.add("bo@example.com", "Bo") == User(2, "bo@example.com", "Bo")


@pytest.mark.parametrize("kind", KINDS)
def test_get(kind):
    repo = make(kind)
    ada = repo.add("ada@example.com", "Ada")
    assert repo.get(ada.id) == ada
    assert repo.get(99) is None


@pytest.mark.parametrize("kind", KINDS)
def test_email_is_unique_in_any_case(kind):
    repo = make(kind)
    repo.add("Ada@Example.com", "Ada")
    with pytest.raises(DuplicateEmail) as excinfo:
        repo.add("ada@EXAMPLE.com", "Impostor")
        pytest.fail(f"{kind}: a second account for ada@EXAMPLE.com must raise DuplicateEmail: e-mail addresses are compared in any case")
    assert str(excinfo.value) == "email already registered: ada@EXAMPLE.com"
    assert len(repo.list()) == 1, "the refused user must not be stored"


@pytest.mark.parametrize("kind", KINDS)
def test_find_by_email_in_any_case(kind):
    repo = make(kind)
    ada = repo.add("Ada@Example.com", "Ada")
    assert repo.find_by_email("ada@example.com") == ada, (
        f"{kind}: find_by_email compares addresses in any case, and gives the address as it was stored"
    )
    assert repo.find_by_email("nobody@example.com") is None


@pytest.mark.parametrize("kind", KINDS)
def test_delete(kind):
    repo = make(kind)
    ada = repo.add("ada@example.com", "Ada")
    assert repo.delete(ada.id) is True
    assert repo.delete(ada.id) is False
    assert repo.get(ada.id) is None and repo.find_by_email("ada@example.com") is None


@pytest.mark.parametrize("kind", KINDS)
def test_ids_are_never_reused(kind):
    repo = make(kind)
    repo.add("a@example.com", "A")
    second = repo.add("b@example.com", "B")
    repo.add("c@example.com", "C")
    repo.delete(second.id)
    assert repo.add("d@example.com", "D").id == 4, (
        f"{kind}: ids are never reused: after deleting user 2 of 3, the next id is 4"
        " (len(users) + 1 would give 3 again, and two users would have had id 3)"
    )
    repo.delete(4)
    assert repo.add("e@example.com", "E").id == 5, "not even the last id is given out again"


@pytest.mark.parametrize("kind", KINDS)
def test_list_by_id(kind):
    repo = make(kind)
    users = [repo.add(f"u{n}@example.com", f"U{n}") for n in range(1, 5)]
    repo.delete(2)
    assert repo.list() == [users[0], users[2], users[3]]


@pytest.mark.parametrize("kind", KINDS)
def test_list_is_a_new_list_each_time(kind):
    repo = make(kind)
    repo.add("bo@example.com", "Bo")
    repo.add("ada@example.com", "Ada")
    assert names_in_order(repo) == ["Ada", "Bo"]
    assert [user.id for user in repo.list()] == [1, 2], (
        f"{kind}: list() returns a new list each time; names_in_order() sorted the list it got in"
        " place, and that reordered your repository's own storage"
    )


@pytest.mark.parametrize("kind", KINDS)
def test_repositories_do_not_share_users(kind):
    first, second = make(kind), make(kind)
    first.add("ada@example.com", "Ada")
    assert second.list() == [] and second.add("ada@example.com", "Ada").id == 1, (
        "each repository has its own users: keep them in the instance (set up in __init__), not in the class"
    )
