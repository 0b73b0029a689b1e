class _Reset:
    lifetime = 60 * 30

    def __init__(self, users, mailer):
        self.users = users
        self.mailer = mailer

    def start(self, account, token, now):
        self.users.save_reset(account.id, token, now + self.lifetime)
        try:
            self.mailer.send(account.email, "Reset your password", "https://shop.example/reset?token=" + token)
        except ConnectionError:
            self.users.clear_reset(account.id)
            raise
        return True


def request_reset(email, users, mailer, make_token, clock):
    normalised = email.strip().lower()
    found = users.find_by_email(normalised)
    if found is not None and found.active:
        return _Reset(users, mailer).start(found, make_token(), clock())
    return False
