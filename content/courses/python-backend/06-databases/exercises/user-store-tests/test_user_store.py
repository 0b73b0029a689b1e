from user_store import UserStore


def test_a_registered_user_can_be_found():
    store = UserStore()
    store.register("ada@example.org", "Ada")
    assert store.find("ada@example.org")["name"] == "Ada"
