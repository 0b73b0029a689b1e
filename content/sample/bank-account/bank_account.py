"""A bank account that keeps its history. All amounts are whole cents (int)."""

from dataclasses import dataclass


class InsufficientFunds(Exception):  # TODO: is Exception the right base class?
    """Raised by BankAccount.withdraw when the balance does not cover the amount."""

    def __init__(self, requested, available):
        # TODO: keep `requested` and `available` as attributes and build the real message.
        super().__init__("insufficient funds")


@dataclass(frozen=True)
class Transaction:
    """One completed deposit or withdrawal."""

    # TODO: declare the fields kind, amount and balance_after, in that order.


class BankAccount:
    """An account with a balance and a history of transactions."""

    def __init__(self, owner):
        self.owner = owner
        raise NotImplementedError("Set up the balance and the history, then delete this line.")

    @property
    def balance(self):
        """The current balance, in cents."""
        raise NotImplementedError("Return the current balance.")

    def deposit(self, amount):
        """Add `amount` cents, record the transaction and return the new balance."""
        raise NotImplementedError("Implement deposit().")

    def withdraw(self, amount):
        """Take out `amount` cents, record the transaction and return the new balance."""
        raise NotImplementedError("Implement withdraw().")

    def history(self):
        """Return a new list of this account's transactions, oldest first."""
        raise NotImplementedError("Implement history().")
