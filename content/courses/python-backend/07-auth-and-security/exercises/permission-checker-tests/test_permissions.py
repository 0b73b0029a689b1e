from permissions import may


def user(name, admin=False, suspended=False):
    return {"name": name, "admin": admin, "suspended": suspended}


def doc(owner="ada", shared_with=None, public=False, locked=False):
    return {"owner": owner, "shared_with": shared_with or {}, "public": public, "locked": locked}


def test_the_owner_may_read():
    assert may(user("ada"), "read", doc()) is True


# Write a test for each rule of the instructions. Every buggy version of `may` must make at
# least one of your tests fail.
