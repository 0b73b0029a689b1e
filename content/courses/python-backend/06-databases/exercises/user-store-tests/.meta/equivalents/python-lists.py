class DuplicateEmail(Exception):
    pass


class UserStore:
    def __init__(self):
        self._users = []

    def register(self, email, name):
        address = email.strip().lower()
        if address.find("@") == -1:
            raise ValueError("not an email address: %r" % (address,))
        clean = name.strip()
        if clean == "":
            raise ValueError("the name must not be blank")
        for user in self._users:
            if user[1] == address:
                raise DuplicateEmail(address)
        new_id = len(self._users) + 1
        self._users.append([new_id, address, clean, True])
        return new_id

    def find(self, email):
        wanted = email.strip().lower()
        for user_id, address, name, active in self._users:
            if address == wanted:
                return dict(id=user_id, email=address, name=name, active=active)
        return None

    def deactivate(self, user_id):
        for user in self._users:
            if user[0] == user_id:
                user[3] = False
                return True
        return False

    def active_names(self):
        return sorted(user[2] for user in self._users if user[3])
