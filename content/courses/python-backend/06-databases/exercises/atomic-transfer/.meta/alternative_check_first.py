class InsufficientFunds(Exception):
    pass


class UnknownAccount(LookupError):
    pass


def transfer(conn, from_id, to_id, amount_cents):
    if amount_cents <= 0 or from_id == to_id:
        raise ValueError("invalid transfer")
    conn.execute("SAVEPOINT transfer")
    try:
        balances = dict(
            conn.execute("SELECT id, balance_cents FROM accounts WHERE id IN (?, ?)", (from_id, to_id)).fetchall()
        )
        for account in (from_id, to_id):
            if account not in balances:
                raise UnknownAccount(account)
        if balances[from_id] < amount_cents:
            raise InsufficientFunds(from_id)
        conn.executemany(
            "UPDATE accounts SET balance_cents = balance_cents + ? WHERE id = ?",
            [(-amount_cents, from_id), (amount_cents, to_id)],
        )
        new_id = conn.execute(
            "INSERT INTO transfers (from_id, to_id, amount_cents) VALUES (?, ?, ?)", (from_id, to_id, amount_cents)
        ).lastrowid
    except BaseException:
        conn.execute("ROLLBACK TO transfer")
        conn.execute("RELEASE transfer")
        raise
    conn.execute("RELEASE transfer")
    conn.commit()
    return new_id
