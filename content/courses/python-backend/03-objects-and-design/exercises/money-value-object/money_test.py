import pytest

from money import Money


# --- making money ---------------------------------------------------------------------------

def test_money_keeps_cents_and_currency():
    price = Money(1999, "EUR")
    assert (price.cents, price.currency) == (1999, "EUR")


@pytest.mark.parametrize("cents", [19.99, "1999", None, True], ids=["float", "text", "None", "bool"])
def test_cents_must_be_an_int(cents):
    with pytest.raises(TypeError):
        Money(cents, "EUR")
        pytest.fail(f"Money({cents!r}, 'EUR') must raise TypeError: amounts are whole numbers of cents")


@pytest.mark.parametrize("currency", ["eur", "EURO", "EU", "", "E1R", " EUR"])
def test_currency_must_be_three_capital_letters(currency):
    with pytest.raises(ValueError):
        Money(100, currency)
        pytest.fail(f"Money(100, {currency!r}) must raise ValueError")


def test_negative_amounts_are_allowed():
    assert Money(-250, "USD").cents == -250


# --- repr and str -----------------------------------------------------------------------------

@pytest.mark.parametrize("cents, currency, text", [
    (1999, "EUR", "Money(1999, 'EUR')"),
    (-5, "USD", "Money(-5, 'USD')"),
    (0, "GBP", "Money(0, 'GBP')"),
])
def test_repr_looks_like_the_call_that_made_it(cents, currency, text):
    assert repr(Money(cents, currency)) == text


def test_repr_round_trips_through_eval():
    for money in [Money(1999, "EUR"), Money(-5, "USD"), Money(10**20, "CHF")]:
        assert eval(repr(money), {"Money": Money}) == money, f"eval(repr(m)) must give back an equal Money, for {money!r}"


@pytest.mark.parametrize("cents, text", [
    (1999, "19.99 EUR"),
    (5, "0.05 EUR"),
    (100, "1.00 EUR"),
    (0, "0.00 EUR"),
    (-5, "-0.05 EUR"),
    (-1999, "-19.99 EUR"),
    (123456789012345678901, "1234567890123456789.01 EUR"),
])
def test_str_shows_units_and_cents(cents, text):
    assert str(Money(cents, "EUR")) == text, (
        f"str(Money({cents}, 'EUR')) must be {text!r} (no float on the way: floats lose cents on big amounts)"
    )


# --- equality and hashing -----------------------------------------------------------------------

def test_equal_amounts_in_the_same_currency_are_equal():
    assert Money(500, "EUR") == Money(500, "EUR")
    assert not (Money(500, "EUR") != Money(500, "EUR"))


def test_a_different_amount_or_currency_is_not_equal():
    assert Money(500, "EUR") != Money(501, "EUR")
    assert Money(500, "EUR") != Money(500, "USD")
    assert Money(0, "EUR") != Money(0, "USD"), "zero euros and zero dollars are different values"


@pytest.mark.parametrize("other", [500, "5.00 EUR", (500, "EUR"), None], ids=["int", "str", "tuple", "None"])
def test_money_is_never_equal_to_something_else(other):
    money = Money(500, "EUR")
    assert (money == other) is False
    assert (money != other) is True


def test_equal_money_has_equal_hashes():
    assert hash(Money(500, "EUR")) == hash(Money(500, "EUR")), (
        "two equal Money objects must have the same hash, or dicts and sets can't find them"
    )


def test_money_in_a_set_counts_each_value_once():
    prices = {Money(500, "EUR"), Money(500, "EUR"), Money(500, "USD"), Money(200, "EUR")}
    assert len(prices) == 3
    assert Money(200, "EUR") in prices


def test_money_works_as_a_dict_key():
    shipping = {Money(0, "EUR"): "free", Money(499, "EUR"): "standard"}
    assert shipping[Money(499, "EUR")] == "standard", "a new Money(499, 'EUR') must find the key Money(499, 'EUR')"
    assert Money(499, "USD") not in shipping


def test_a_computed_amount_finds_the_same_key():
    labels = {Money(1500, "EUR"): "fifteen"}
    assert labels[Money(1000, "EUR") + Money(500, "EUR")] == "fifteen"


# --- arithmetic ---------------------------------------------------------------------------------

def test_add_and_subtract_in_the_same_currency():
    assert Money(1999, "EUR") + Money(1, "EUR") == Money(2000, "EUR")
    assert Money(500, "EUR") - Money(750, "EUR") == Money(-250, "EUR")


def test_arithmetic_makes_new_money_and_leaves_the_operands_alone():
    a, b = Money(100, "EUR"), Money(50, "EUR")
    total = a + b
    assert (a, b, total) == (Money(100, "EUR"), Money(50, "EUR"), Money(150, "EUR"))


@pytest.mark.parametrize("operation", ["add", "subtract"])
def test_mixed_currencies_are_refused_with_a_clear_message(operation):
    with pytest.raises(ValueError) as caught:
        if operation == "add":
            Money(100, "EUR") + Money(100, "USD")
        else:
            Money(100, "EUR") - Money(100, "USD")
    message = str(caught.value)
    assert "EUR" in message and "USD" in message, f"the message must name both currencies, got {message!r}"


@pytest.mark.parametrize("other", [5, 0.5, "1.00"], ids=["int", "float", "str"])
def test_adding_a_plain_number_is_a_type_error(other):
    with pytest.raises(TypeError):
        Money(100, "EUR") + other
    with pytest.raises(TypeError):
        other + Money(100, "EUR")
    with pytest.raises(TypeError):
        Money(100, "EUR") - other


def test_sum_with_a_money_start():
    items = [Money(250, "EUR"), Money(199, "EUR"), Money(1, "EUR")]
    assert sum(items, Money(0, "EUR")) == Money(450, "EUR")


def test_negation():
    assert -Money(250, "EUR") == Money(-250, "EUR")


def test_multiply_by_a_whole_number_on_either_side():
    assert Money(250, "EUR") * 3 == Money(750, "EUR")
    assert 3 * Money(250, "EUR") == Money(750, "EUR")
    assert Money(250, "EUR") * 0 == Money(0, "EUR")


@pytest.mark.parametrize("factor", [1.5, "2"], ids=["float", "str"])
def test_multiply_by_anything_else_is_a_type_error(factor):
    with pytest.raises(TypeError):
        Money(250, "EUR") * factor
        pytest.fail(f"Money * {factor!r} must raise TypeError: cents stay whole numbers")
    with pytest.raises(TypeError):
        Money(250, "EUR") * Money(2, "EUR")


# --- ordering -----------------------------------------------------------------------------------

def test_comparisons_in_the_same_currency():
    small, big = Money(100, "EUR"), Money(250, "EUR")
    assert (small < big, small <= big, small > big, small >= big) == (True, True, False, False)
    assert (big < small, big <= small, big > small, big >= small) == (False, False, True, True)
    same = Money(100, "EUR")
    assert (small < same, small <= same, small > same, small >= same) == (False, True, False, True)


def test_sorted_and_max():
    prices = [Money(500, "EUR"), Money(-20, "EUR"), Money(99, "EUR")]
    assert sorted(prices) == [Money(-20, "EUR"), Money(99, "EUR"), Money(500, "EUR")]
    assert max(prices) == Money(500, "EUR")


@pytest.mark.parametrize("op", ["<", "<=", ">", ">="])
def test_comparing_mixed_currencies_is_refused(op):
    euros, dollars = Money(100, "EUR"), Money(200, "USD")
    with pytest.raises(ValueError):
        eval(f"euros {op} dollars")
        pytest.fail(f"Money(100, 'EUR') {op} Money(200, 'USD') must raise ValueError: there is no exchange rate")


def test_comparing_with_a_number_is_a_type_error():
    with pytest.raises(TypeError):
        Money(100, "EUR") < 200


# --- immutability -------------------------------------------------------------------------------

@pytest.mark.parametrize("name, value", [("cents", 1), ("currency", "USD")])
def test_money_cannot_be_changed(name, value):
    price = Money(1999, "EUR")
    with pytest.raises(AttributeError):
        setattr(price, name, value)
        pytest.fail(f"setting price.{name} must raise AttributeError: Money is a value")
    assert price == Money(1999, "EUR")


def test_money_takes_no_new_attributes():
    price = Money(1999, "EUR")
    # TypeError too: CPython 3.11 raises it for @dataclass(frozen=True, slots=True) (a known bug).
    with pytest.raises((AttributeError, TypeError)):
        price.discount = 10
        pytest.fail("price.discount = 10 must raise AttributeError")
