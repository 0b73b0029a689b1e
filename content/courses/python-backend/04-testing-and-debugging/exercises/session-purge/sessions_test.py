import unittest

from sessions import SessionStore


def store_with(*sessions):
    """A SessionStore holding (id, user, expires_at) sessions, in this order."""
    store = SessionStore()
    for session_id, user, expires_at in sessions:
        store.add(session_id, user, expires_at)
    return store


class PurgeTest(unittest.TestCase):
    def test_nothing_expired(self):
        store = store_with(("s1", "ada", 100), ("s2", "bo", 200))
        self.assertEqual(store.purge(now=50), 0)
        self.assertEqual(store.ids(), ["s1", "s2"])

    def test_one_expired_session(self):
        store = store_with(("s1", "ada", 100), ("s2", "bo", 200), ("s3", "cy", 300))
        self.assertEqual(store.purge(now=150), 1)
        self.assertEqual(store.ids(), ["s2", "s3"])

    def test_a_session_expiring_exactly_now_is_expired(self):
        store = store_with(("s1", "ada", 100), ("s2", "bo", 200))
        self.assertEqual(store.purge(now=100), 1, "a session whose expires_at is now has expired")
        self.assertEqual(store.ids(), ["s2"])

    def test_two_expired_sessions_in_a_row(self):
        store = store_with(("s1", "ada", 100), ("s2", "bo", 110), ("s3", "cy", 300))
        self.assertEqual(store.purge(now=150), 2)
        self.assertEqual(store.ids(), ["s3"])

    def test_everything_expired(self):
        store = store_with(("s1", "ada", 10), ("s2", "bo", 20), ("s3", "cy", 30), ("s4", "dan", 40))
        self.assertEqual(store.purge(now=1000), 4)
        self.assertEqual(store.ids(), [])

    def test_expired_and_active_mixed(self):
        store = store_with(
            ("s1", "ada", 10), ("s2", "bo", 500), ("s3", "cy", 20), ("s4", "dan", 30), ("s5", "eve", 600)
        )
        self.assertEqual(store.purge(now=100), 3)
        self.assertEqual(store.ids(), ["s2", "s5"])


class LogOutUserTest(unittest.TestCase):
    def test_a_user_without_sessions(self):
        store = store_with(("s1", "ada", 100))
        self.assertEqual(store.log_out_user("bo"), 0)
        self.assertEqual(store.ids(), ["s1"])

    def test_the_only_session(self):
        store = store_with(("s1", "ada", 100))
        self.assertEqual(store.log_out_user("ada"), 1)
        self.assertEqual(store.ids(), [])

    def test_every_device_is_logged_out(self):
        store = store_with(("s1", "ada", 100), ("s2", "bo", 100), ("s3", "ada", 200), ("s4", "ada", 300))
        self.assertEqual(store.log_out_user("ada"), 3, "ada has 3 sessions: all of them must go")
        self.assertEqual(store.ids(), ["s2"])

    def test_other_users_keep_their_sessions(self):
        store = store_with(("s1", "bo", 100), ("s2", "ada", 100), ("s3", "cy", 200))
        self.assertEqual(store.log_out_user("ada"), 1)
        self.assertEqual(store.ids(), ["s1", "s3"])
