from users_sqlite import DuplicateEmail, User


class InMemoryUserRepository:
    """A fake of SqliteUserRepository: the same behaviour, kept in plain Python objects."""

    def __init__(self):
        self._users = {}  # id -> User, in the order they were added (= by id)
        self._last_id = 0  # like AUTOINCREMENT: ids are never given out twice

    def add(self, email, name):
        if self.find_by_email(email) is not None:
            raise DuplicateEmail(f"email already registered: {email}")
        self._last_id += 1
        user = User(self._last_id, email, name)
        self._users[user.id] = user
        return user

    def get(self, user_id):
        return self._users.get(user_id)

    def find_by_email(self, email):
        for user in self._users.values():
            if user.email == email:
                return user
        return None

    def delete(self, user_id):
        return self._users.pop(user_id, None) is not None

    def list(self):
        return list(self._users.values())
