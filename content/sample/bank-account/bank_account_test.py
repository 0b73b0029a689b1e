import pytest

from bank_account import BankAccount, InsufficientFunds, Transaction


def test_a_new_account_is_empty():
    account = BankAccount("Ada")
    assert account.owner == "Ada"
    assert account.balance == 0
    assert account.history() == []


def test_deposit_returns_the_new_balance():
    account = BankAccount("Ada")
    assert account.deposit(500) == 500
    assert account.balance == 500


def test_deposits_add_up():
    account = BankAccount("Ada")
    account.deposit(500)
    account.deposit(250)
    assert account.balance == 750


def test_withdraw_returns_the_new_balance():
    account = BankAccount("Ada")
    account.deposit(1000)
    assert account.withdraw(300) == 700
    assert account.balance == 700


def test_withdrawing_everything_is_allowed():
    account = BankAccount("Ada")
    account.deposit(400)
    assert account.withdraw(400) == 0


def test_overdrawing_raises_insufficient_funds():
    account = BankAccount("Ada")
    account.deposit(120)
    with pytest.raises(InsufficientFunds, match="cannot withdraw 500 cents: the balance is 120 cents"):
        account.withdraw(500)


def test_insufficient_funds_is_a_value_error():
    assert issubclass(InsufficientFunds, ValueError)
    account = BankAccount("Ada")
    with pytest.raises(ValueError) as excinfo:
        account.withdraw(1)
    assert isinstance(excinfo.value, InsufficientFunds)


def test_insufficient_funds_keeps_the_amounts():
    account = BankAccount("Ada")
    account.deposit(120)
    with pytest.raises(InsufficientFunds) as excinfo:
        account.withdraw(500)
    assert excinfo.value.requested == 500
    assert excinfo.value.available == 120


def test_a_refused_withdrawal_changes_nothing():
    account = BankAccount("Ada")
    account.deposit(120)
    with pytest.raises(InsufficientFunds):
        account.withdraw(500)
    assert account.balance == 120
    assert account.history() == [Transaction("deposit", 120, 120)]


@pytest.mark.parametrize("amount", [0, -50], ids=["zero", "negative"])
def test_deposit_rejects_amounts_that_are_not_positive(amount):
    account = BankAccount("Ada")
    with pytest.raises(ValueError) as excinfo:
        account.deposit(amount)
    assert not isinstance(excinfo.value, InsufficientFunds)
    assert account.balance == 0
    assert account.history() == []


@pytest.mark.parametrize("amount", [0, -50], ids=["zero", "negative"])
def test_withdraw_rejects_amounts_that_are_not_positive(amount):
    account = BankAccount("Ada")
    account.deposit(100)
    with pytest.raises(ValueError) as excinfo:
        account.withdraw(amount)
    assert not isinstance(excinfo.value, InsufficientFunds)
    assert account.balance == 100
    assert account.history() == [Transaction("deposit", 100, 100)]


def test_history_lists_transactions_oldest_first():
    account = BankAccount("Ada")
    account.deposit(1000)
    account.withdraw(250)
    account.deposit(50)
    assert account.history() == [
        Transaction("deposit", 1000, 1000),
        Transaction("withdrawal", 250, 750),
        Transaction("deposit", 50, 800),
    ]


def test_history_holds_transaction_objects():
    account = BankAccount("Ada")
    account.deposit(10)
    [entry] = account.history()
    assert isinstance(entry, Transaction)
    assert entry.kind == "deposit"
    assert entry.amount == 10
    assert entry.balance_after == 10


def test_transactions_compare_by_value():
    assert Transaction("deposit", 5, 5) == Transaction(kind="deposit", amount=5, balance_after=5)
    assert Transaction("deposit", 5, 5) != Transaction("withdrawal", 5, 5)


def test_changing_the_returned_history_does_not_change_the_account():
    account = BankAccount("Ada")
    account.deposit(10)
    history = account.history()
    history.clear()
    assert account.history() == [Transaction("deposit", 10, 10)]


def test_each_account_has_its_own_balance_and_history():
    ada = BankAccount("Ada")
    grace = BankAccount("Grace")
    ada.deposit(300)
    assert grace.balance == 0
    assert grace.history() == []
    assert ada.history() == [Transaction("deposit", 300, 300)]
