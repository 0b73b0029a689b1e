"""A bank account that keeps its history. All amounts are whole cents (int)."""

from dataclasses import dataclass


class InsufficientFunds(ValueError):
    """Raised by BankAccount.withdraw when the balance does not cover the amount."""

    def __init__(self, requested, available):
        super().__init__(f"cannot withdraw {requested} cents: the balance is {available} cents")
        self.requested = requested
        self.available = available


@dataclass(frozen=True)
class Transaction:
    """One completed deposit or withdrawal."""

    kind: str
    amount: int
    balance_after: int


class BankAccount:
    """An account with a balance and a history of transactions."""

    def __init__(self, owner):
        self.owner = owner
        self._balance = 0
        self._transactions = []

    @property
    def balance(self):
        """The current balance, in cents."""
        return self._balance

    def deposit(self, amount):
        """Add `amount` cents, record the transaction and return the new balance."""
        _check_positive(amount)
        self._balance += amount
        self._transactions.append(Transaction("deposit", amount, self._balance))
        return self._balance

    def withdraw(self, amount):
        """Take out `amount` cents, record the transaction and return the new balance."""
        _check_positive(amount)
        if amount > self._balance:
            raise InsufficientFunds(amount, self._balance)
        self._balance -= amount
        self._transactions.append(Transaction("withdrawal", amount, self._balance))
        return self._balance

    def history(self):
        """Return a new list of this account's transactions, oldest first."""
        return list(self._transactions)


def _check_positive(amount):
    if amount <= 0:
        raise ValueError(f"amount must be positive, got {amount}")
