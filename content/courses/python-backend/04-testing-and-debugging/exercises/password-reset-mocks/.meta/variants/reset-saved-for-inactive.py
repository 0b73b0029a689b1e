"""Password reset: the e-mail goes out only for a real, active account."""

RESET_SECONDS = 30 * 60
SUBJECT = "Reset your password"
LINK = "https://shop.example/reset?token="


def request_reset(email, users, mailer, make_token, clock):
    """Start a password reset for the account of `email`; return True when an e-mail was sent.

    users.find_by_email(email) gives the user (with .id, .email, .active) or None;
    users.save_reset(user_id, token, expires_at) and users.clear_reset(user_id) store the reset.
    mailer.send(to, subject, body) sends an e-mail. make_token() gives a new random token,
    clock() the time now in seconds.
    """
    user = users.find_by_email(email.strip().lower())
    if user is None:
        return False
    token = make_token()
    users.save_reset(user.id, token, clock() + RESET_SECONDS)
    if not user.active:
        return False
    try:
        mailer.send(user.email, SUBJECT, LINK + token)
    except ConnectionError:
        users.clear_reset(user.id)  # a link nobody received must not stay valid
        raise
    return True
