class InsufficientFunds(Exception):
    """The account has too little money for the transfer."""


class UnknownAccount(LookupError):
    """There is no account with that id."""


def transfer(conn, from_id, to_id, amount_cents):
    """Moves amount_cents from one account to another and records it in transfers, all or
    nothing; returns the transfer's id."""
    conn.execute("UPDATE accounts SET balance_cents = balance_cents - ? WHERE id = ?", (amount_cents, from_id))
    conn.execute("UPDATE accounts SET balance_cents = balance_cents + ? WHERE id = ?", (amount_cents, to_id))
    cursor = conn.execute(
        "INSERT INTO transfers (from_id, to_id, amount_cents) VALUES (?, ?, ?)", (from_id, to_id, amount_cents)
    )
    return cursor.lastrowid
