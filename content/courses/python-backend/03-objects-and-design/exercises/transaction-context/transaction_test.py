"""Tests of Store, Transaction and atomic. Values seen inside a block are checked after it,
so a context manager that swallows errors cannot hide a failed check."""
import pytest

from transaction import Store, Transaction, atomic


class Boom(Exception):
    """An error the tests raise inside a transaction."""


# --- the store on its own ----------------------------------------------------------------

def test_the_store_starts_with_a_copy_of_the_data():
    store = Store({"a": 1})
    assert store.as_dict() == {"a": 1}
    assert (store.get("a"), store.get("b"), store.get("b", 0)) == (1, None, 0)
    assert Store().as_dict() == {}


def test_set_and_delete_outside_a_transaction():
    store = Store({"a": 1})
    store.set("b", 2)
    store.delete("a")
    assert store.as_dict() == {"b": 2}
    with pytest.raises(KeyError):
        store.delete("a")


# --- Transaction: the class-based context manager ------------------------------------------

def test_a_successful_block_applies_every_change():
    store = Store({"a": 1, "b": 2})
    with store.transaction() as tx:
        tx.set("a", 10)
        tx.set("c", 3)
        tx.delete("b")
    assert store.as_dict() == {"a": 10, "c": 3}


def test_enter_returns_the_transaction():
    store = Store()
    tx = store.transaction()
    assert isinstance(tx, Transaction)
    with tx as value:
        pass
    assert value is tx, "`with store.transaction() as tx`: __enter__ must return the transaction"


def test_changes_are_invisible_to_the_store_until_the_block_ends():
    store = Store({"a": 1})
    with store.transaction() as tx:
        tx.set("a", 2)
        tx.set("b", 3)
        seen = [store.get("a"), store.get("b"), tx.get("a"), tx.get("b"), store.as_dict()]
    assert seen == [1, None, 2, 3, {"a": 1}], (
        "inside the block, the store itself must still show the old data; only tx.get sees the new values"
    )
    assert store.as_dict() == {"a": 2, "b": 3}


def test_the_transaction_sees_its_own_deletions():
    store = Store({"a": 1})
    with store.transaction() as tx:
        tx.delete("a")
        seen = [tx.get("a"), tx.get("a", "gone"), store.get("a")]
    assert seen == [None, "gone", 1]
    assert store.as_dict() == {}


def test_delete_of_a_missing_key_raises_key_error_and_rolls_back():
    store = Store({"a": 1})
    with pytest.raises(KeyError):
        with store.transaction() as tx:
            tx.set("b", 2)
            tx.delete("nope")
        pytest.fail("tx.delete of a missing key must raise KeyError, and the with statement must let it through")
    assert store.as_dict() == {"a": 1}


def test_set_then_delete_in_the_same_transaction():
    store = Store()
    with store.transaction() as tx:
        tx.set("a", 1)
        tx.delete("a")
        with pytest.raises(KeyError):
            tx.delete("a")
        ended = True
    assert ended
    assert store.as_dict() == {}


def test_an_exception_rolls_back_every_change():
    store = Store({"a": 1, "b": 2})
    with pytest.raises(ValueError):
        with store.transaction() as tx:
            tx.set("a", 10)
            tx.delete("b")
            tx.set("c", 3)
            raise ValueError("payment declined")
    assert store.as_dict() == {"a": 1, "b": 2}, "the block raised, so none of its changes may reach the store"


def test_the_exception_is_not_swallowed():
    store = Store()
    with pytest.raises(ValueError) as caught:
        with store.transaction() as tx:
            tx.set("a", 1)
            raise ValueError("payment declined")
        pytest.fail("the block raised ValueError, but the with statement ended normally: does __exit__ return True?")
    assert str(caught.value) == "payment declined", "the caller must get the original exception, unchanged"


def test_the_tests_own_exception_class_comes_through_unchanged():
    store = Store()
    with pytest.raises(Boom):
        with store.transaction() as tx:
            tx.set("a", 1)
            raise Boom("disk full")
        pytest.fail("the block raised Boom, but the with statement ended normally: does __exit__ return True?")
    assert store.as_dict() == {}


def test_a_nested_transaction_is_refused():
    store = Store({"a": 1})
    with pytest.raises(RuntimeError):
        with store.transaction() as tx:
            tx.set("a", 2)
            with store.transaction():
                pass
        pytest.fail("a transaction inside an open one must raise RuntimeError")
    assert store.as_dict() == {"a": 1}, "the inner with raised inside the outer block, so the outer one rolls back"


def test_the_store_knows_when_a_transaction_is_open():
    store = Store()
    assert store.in_transaction is False
    with store.transaction():
        inside = store.in_transaction
    assert inside is True
    assert store.in_transaction is False


def test_after_a_failed_transaction_the_next_one_works():
    store = Store()
    with pytest.raises(ValueError):
        with store.transaction() as tx:
            tx.set("a", 1)
            raise ValueError("first attempt")
    assert store.in_transaction is False, "a block that raised must still close the transaction"
    with store.transaction() as tx:
        tx.set("a", 2)
    assert store.as_dict() == {"a": 2}


def test_a_transaction_cannot_be_used_after_its_block():
    store = Store()
    with store.transaction() as tx:
        tx.set("a", 1)
    with pytest.raises(RuntimeError):
        tx.set("b", 2)
    with pytest.raises(RuntimeError):
        tx.get("a")
    assert store.as_dict() == {"a": 1}


def test_a_transaction_cannot_be_used_before_its_block():
    store = Store()
    tx = store.transaction()
    with pytest.raises(RuntimeError):
        tx.set("a", 1)
    assert store.as_dict() == {}


def test_a_transaction_object_can_be_entered_only_once():
    store = Store()
    tx = store.transaction()
    with tx:
        tx.set("a", 1)
    with pytest.raises(RuntimeError):
        with tx:
            pass
    assert store.as_dict() == {"a": 1}


# --- atomic: the generator-based context manager --------------------------------------------

def test_atomic_keeps_the_changes_of_a_successful_block():
    store = Store({"a": 1})
    with atomic(store) as same:
        same.set("b", 2)
        same.delete("a")
    assert store.as_dict() == {"b": 2}


def test_atomic_yields_the_store_itself():
    store = Store()
    with atomic(store) as value:
        pass
    assert value is store


def test_atomic_changes_are_visible_at_once():
    store = Store()
    with atomic(store):
        store.set("a", 1)
        seen = store.as_dict()
    assert seen == {"a": 1}


def test_atomic_restores_the_store_when_the_block_raises():
    store = Store({"a": 1, "b": 2})
    with pytest.raises(ValueError) as caught:
        with atomic(store):
            store.set("a", 10)
            store.delete("b")
            store.set("c", 3)
            raise ValueError("out of stock")
        pytest.fail("the block raised ValueError, but atomic() swallowed it")
    assert str(caught.value) == "out of stock"
    assert store.as_dict() == {"a": 1, "b": 2}, "the block raised, so atomic() must put the old data back"


def test_atomic_closes_even_when_the_block_raises():
    store = Store()
    with pytest.raises(Boom):
        with atomic(store):
            inside = store.in_transaction
            raise Boom("late failure")
        pytest.fail("the block raised Boom, but atomic() swallowed it")
    assert inside is True, "inside atomic(store), store.in_transaction must be True"
    assert store.in_transaction is False, "the block raised: atomic() must still close (try/finally around the yield)"
    with atomic(store):
        store.set("a", 1)
    assert store.as_dict() == {"a": 1}


@pytest.mark.parametrize("outer, inner", [
    ("atomic", "atomic"), ("atomic", "transaction"), ("transaction", "atomic"),
])
def test_no_transaction_inside_another_of_either_kind(outer, inner):
    store = Store({"a": 1})
    open_one = {"atomic": lambda: atomic(store), "transaction": lambda: store.transaction()}
    with pytest.raises(RuntimeError):
        with open_one[outer]() as value:
            value.set("a", 2)
            with open_one[inner]():
                pass
        pytest.fail(f"a {inner} inside an open {outer} must raise RuntimeError")
    assert store.as_dict() == {"a": 1}
    assert store.in_transaction is False
