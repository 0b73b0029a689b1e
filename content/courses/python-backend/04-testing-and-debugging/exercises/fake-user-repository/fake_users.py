from users_sqlite import DuplicateEmail, User


class InMemoryUserRepository:
    """A fake of SqliteUserRepository: the same behaviour, kept in plain Python objects."""

    def add(self, email, name):
        raise NotImplementedError

    def get(self, user_id):
        raise NotImplementedError

    def find_by_email(self, email):
        raise NotImplementedError

    def delete(self, user_id):
        raise NotImplementedError

    def list(self):
        raise NotImplementedError
