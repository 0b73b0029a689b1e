import pytest

import bank_transfer
from bank_transfer import transfer

DB_SCHEMA = """
CREATE TABLE accounts (id INTEGER PRIMARY KEY, owner TEXT NOT NULL,
                       balance_cents INTEGER NOT NULL CHECK (balance_cents >= 0));
CREATE TABLE transfers (id INTEGER PRIMARY KEY,
                        from_id INTEGER NOT NULL REFERENCES accounts(id),
                        to_id INTEGER NOT NULL REFERENCES accounts(id),
                        amount_cents INTEGER NOT NULL CHECK (amount_cents > 0));
INSERT INTO accounts (id, owner, balance_cents) VALUES (1, 'Amina', 10000), (2, 'Bruno', 500), (3, 'Chen', 0);
"""
START = {1: 10000, 2: 500, 3: 0}


def balances(db):
    return dict(db.query("SELECT id, balance_cents FROM accounts"))


def assert_nothing_changed(db, what):
    now = balances(db)
    assert now == START, (
        f"after {what}, the balances are {now} instead of {START}: part of the transfer stayed. "
        "Run all three changes in one transaction (with conn: ...) so that a failure rolls them all back"
    )
    assert db.query("SELECT count(*) FROM transfers") == [(0,)], f"after {what}, a transfer row was left behind"
    assert not db.connection.in_transaction, f"after {what}, your code left a transaction open: roll it back"


def test_a_transfer_moves_the_money(db):
    transfer(db.connection, 1, 2, 2500)
    assert balances(db) == {1: 7500, 2: 3000, 3: 0}


def test_a_transfer_is_recorded_and_its_id_returned(db):
    first = transfer(db.connection, 1, 2, 2500)
    second = transfer(db.connection, 2, 3, 100)
    assert db.query("SELECT id, from_id, to_id, amount_cents FROM transfers ORDER BY id") == [
        (first, 1, 2, 2500), (second, 2, 3, 100)
    ]


def test_a_transfer_is_committed(db):
    transfer(db.connection, 1, 3, 1)
    assert not db.connection.in_transaction, (
        "the transfer is still in an open transaction: commit it, or nobody else ever sees it "
        "(and closing the connection throws it away)"
    )


def test_all_the_money(db):
    transfer(db.connection, 2, 3, 500)
    assert balances(db) == {1: 10000, 2: 0, 3: 500}


def test_too_little_money(db):
    with pytest.raises(bank_transfer.InsufficientFunds):
        transfer(db.connection, 2, 1, 501)
    assert_nothing_changed(db, "a transfer of more than the balance")


@pytest.mark.parametrize(
    "from_id, to_id", [(1, 99), (99, 1)], ids=["unknown destination", "unknown source"]
)
def test_an_unknown_account(db, from_id, to_id):
    with pytest.raises(LookupError):
        transfer(db.connection, from_id, to_id, 100)
    assert_nothing_changed(db, f"a transfer from {from_id} to {to_id} (no account {99})")


def test_unknown_account_has_its_own_class(db):
    with pytest.raises(bank_transfer.UnknownAccount):
        transfer(db.connection, 1, 42, 100)


@pytest.mark.parametrize("amount", [0, -100], ids=["zero", "negative"])
def test_amounts_must_be_positive(db, amount):
    with pytest.raises(ValueError):
        transfer(db.connection, 1, 2, amount)
    assert_nothing_changed(db, f"a transfer of {amount}")


def test_not_to_the_same_account(db):
    with pytest.raises(ValueError):
        transfer(db.connection, 1, 1, 100)
    assert_nothing_changed(db, "a transfer to the same account")


def test_a_failure_does_not_undo_earlier_transfers(db):
    transfer(db.connection, 1, 2, 1000)
    with pytest.raises(bank_transfer.InsufficientFunds):
        transfer(db.connection, 3, 1, 1)
    assert balances(db) == {1: 9000, 2: 1500, 3: 0}, "the first transfer was committed: it must stay"
