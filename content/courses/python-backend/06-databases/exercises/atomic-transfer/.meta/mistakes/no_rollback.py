import sqlite3


class InsufficientFunds(Exception):
    """The account has too little money for the transfer."""


class UnknownAccount(LookupError):
    """There is no account with that id."""


def _move(conn, account_id, delta):
    cursor = conn.execute("UPDATE accounts SET balance_cents = balance_cents + ? WHERE id = ?", (delta, account_id))
    if cursor.rowcount != 1:
        raise UnknownAccount(f"no account {account_id}")


def transfer(conn, from_id, to_id, amount_cents):
    """Moves amount_cents from one account to another and records it in transfers, all or
    nothing; returns the transfer's id."""
    if amount_cents <= 0:
        raise ValueError(f"the amount must be positive, not {amount_cents}")
    if from_id == to_id:
        raise ValueError("a transfer needs two different accounts")
    try:
        _move(conn, from_id, -amount_cents)
        _move(conn, to_id, amount_cents)
        cursor = conn.execute(
            "INSERT INTO transfers (from_id, to_id, amount_cents) VALUES (?, ?, ?)",
            (from_id, to_id, amount_cents),
        )
        conn.commit()
        return cursor.lastrowid
    except sqlite3.IntegrityError as exc:
        raise InsufficientFunds(f"account {from_id} has too little money for {amount_cents} cents") from exc
