HALF_HOUR = 1800
TITLE = "Reset your password"
BASE_URL = "https://shop.example/reset"


def request_reset(email, users, mailer, make_token, clock):
    account = users.find_by_email(email.strip().lower())
    if not account:
        return False
    if not account.active:
        return False
    secret = make_token()
    deadline = clock() + HALF_HOUR
    users.save_reset(account.id, secret, deadline)
    try:
        mailer.send(account.email, TITLE, f"{BASE_URL}?token={secret}")
    except ConnectionError as failure:
        users.clear_reset(account.id)
        raise failure
    else:
        return True
