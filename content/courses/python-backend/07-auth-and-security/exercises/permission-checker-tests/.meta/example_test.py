import pytest

from permissions import may


def user(name, admin=False, suspended=False):
    return {"name": name, "admin": admin, "suspended": suspended}


def doc(owner="ada", shared_with=None, public=False, locked=False):
    return {"owner": owner, "shared_with": shared_with or {}, "public": public, "locked": locked}


ADA, BO, ROOT = user("ada"), user("bo"), user("root", admin=True)
ACTIONS = ["read", "write", "delete", "share"]


def test_unknown_action_raises():
    with pytest.raises(ValueError):
        may(ADA, "edit", doc())


@pytest.mark.parametrize("action", ACTIONS)
def test_the_owner_may_do_everything(action):
    assert may(ADA, action, doc()) is True


def test_owner_names_are_compared_exactly():
    assert may(user("Ada"), "write", doc(owner="ada")) is False


@pytest.mark.parametrize("action", ACTIONS)
def test_a_stranger_may_do_nothing_with_a_private_document(action):
    assert may(BO, action, doc()) is False


@pytest.mark.parametrize("action, allowed", [("read", True), ("delete", True), ("write", False), ("share", False)])
def test_admins_read_and_delete_but_do_not_write_or_share(action, allowed):
    assert may(ROOT, action, doc()) is allowed


@pytest.mark.parametrize("level, action, allowed", [
    ("read", "read", True), ("read", "write", False), ("read", "delete", False), ("read", "share", False),
    ("write", "read", True), ("write", "write", True), ("write", "delete", False), ("write", "share", False),
])
def test_sharing_levels(level, action, allowed):
    assert may(BO, action, doc(shared_with={"bo": level})) is allowed


@pytest.mark.parametrize("who", [ADA, ROOT, user("root", admin=True), user("ada", admin=True)])
@pytest.mark.parametrize("action", ["write", "delete"])
def test_nobody_writes_or_deletes_a_locked_document(who, action):
    assert may(who, action, doc(locked=True)) is False


def test_a_locked_document_can_still_be_read_and_shared():
    assert may(ADA, "read", doc(locked=True)) is True
    assert may(ADA, "share", doc(locked=True)) is True
    assert may(BO, "read", doc(shared_with={"bo": "write"}, locked=True)) is True


@pytest.mark.parametrize("who", [user("ada", suspended=True), user("root", admin=True, suspended=True),
                                 user("bo", suspended=True)])
@pytest.mark.parametrize("action", ACTIONS)
def test_a_suspended_user_may_do_nothing(who, action):
    d = doc(shared_with={"bo": "write"}, public=True)
    assert may(who, action, d) is False


def test_anyone_reads_a_public_document_but_nobody_else_writes_it():
    assert may(None, "read", doc(public=True)) is True
    assert may(BO, "read", doc(public=True)) is True
    assert may(BO, "write", doc(public=True)) is False
    assert may(None, "write", doc(public=True)) is False


@pytest.mark.parametrize("action", ACTIONS)
def test_anonymous_users_get_false_on_a_private_document(action):
    assert may(None, action, doc(shared_with={"bo": "read"})) is False
