"""The tests run every `with` block that ends in an exception through `run_inside(context,
work)`, which runs the `with` statement inside your program: the tests' own code runs in
another process, and there your `__exit__` would not see the exception."""
import pytest

from transaction import Store, Transaction, atomic, run_inside


class Boom(Exception):
    """An error the tests raise inside a transaction."""


def raise_boom(message):
    raise ValueError(message)


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
    assert run_inside(tx, lambda value: value is tx), "`with store.transaction() as tx`: __enter__ must return the transaction"


def test_changes_are_invisible_to_the_store_until_the_block_ends():
    store = Store({"a": 1})

    def work(tx):
        tx.set("a", 2)
        tx.set("b", 3)
        return [store.get("a"), store.get("b"), tx.get("a"), tx.get("b"), store.as_dict()]

    seen = run_inside(store.transaction(), work)
    assert seen == [1, None, 2, 3, {"a": 1}], (
        "inside the block, the store itself must still show the old data; only tx.get sees the new values"
    )
    assert store.as_dict() == {"a": 2, "b": 3}


def test_the_transaction_sees_its_own_deletions():
    store = Store({"a": 1})

    def work(tx):
        tx.delete("a")
        return [tx.get("a"), tx.get("a", "gone"), store.get("a")]

    assert run_inside(store.transaction(), work) == [None, "gone", 1]
    assert store.as_dict() == {}


def test_delete_of_a_missing_key_raises_key_error_and_rolls_back():
    store = Store({"a": 1})

    def work(tx):
        tx.set("b", 2)
        tx.delete("nope")

    with pytest.raises(KeyError):
        run_inside(store.transaction(), work)
    assert store.as_dict() == {"a": 1}


def test_set_then_delete_in_the_same_transaction():
    store = Store()

    def work(tx):
        tx.set("a", 1)
        tx.delete("a")
        with pytest.raises(KeyError):
            tx.delete("a")

    run_inside(store.transaction(), work)
    assert store.as_dict() == {}


def test_an_exception_rolls_back_every_change():
    store = Store({"a": 1, "b": 2})

    def work(tx):
        tx.set("a", 10)
        tx.delete("b")
        tx.set("c", 3)
        raise_boom("payment declined")

    with pytest.raises(ValueError):
        run_inside(store.transaction(), work)
    assert store.as_dict() == {"a": 1, "b": 2}, "the block raised, so none of its changes may reach the store"


def test_the_exception_is_not_swallowed():
    store = Store()

    def work(tx):
        tx.set("a", 1)
        raise_boom("payment declined")

    with pytest.raises(ValueError) as caught:
        run_inside(store.transaction(), work)
        pytest.fail("the block raised ValueError, but the with statement ended normally: does __exit__ return True?")
    assert str(caught.value) == "payment declined", "the caller must get the original exception, unchanged"


def test_the_tests_own_exception_class_comes_through_unchanged():
    store = Store()

    def work(tx):
        tx.set("a", 1)
        raise Boom("disk full")

    with pytest.raises(Boom):
        run_inside(store.transaction(), work)
    assert store.as_dict() == {}


def test_a_nested_transaction_is_refused():
    store = Store({"a": 1})

    def work(tx):
        tx.set("a", 2)
        with store.transaction():
            pass

    with pytest.raises(RuntimeError):
        run_inside(store.transaction(), work)
    assert store.as_dict() == {"a": 1}, "the inner with raised inside the outer block, so the outer one rolls back"


def test_the_store_knows_when_a_transaction_is_open():
    store = Store()
    assert store.in_transaction is False
    assert run_inside(store.transaction(), lambda tx: store.in_transaction) is True
    assert store.in_transaction is False


def test_after_a_failed_transaction_the_next_one_works():
    store = Store()

    def fail(tx):
        tx.set("a", 1)
        raise_boom("first attempt")

    with pytest.raises(ValueError):
        run_inside(store.transaction(), fail)
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
        run_inside(tx, lambda value: None)


# --- atomic: the generator-based context manager --------------------------------------------

def test_atomic_keeps_the_changes_of_a_successful_block():
    store = Store({"a": 1})
    with atomic(store) as same:
        same.set("b", 2)
        same.delete("a")
    assert store.as_dict() == {"b": 2}


def test_atomic_yields_the_store_itself():
    store = Store()
    assert run_inside(atomic(store), lambda value: value is store)


def test_atomic_changes_are_visible_at_once():
    store = Store()

    def work(same):
        store.set("a", 1)
        return store.as_dict()

    assert run_inside(atomic(store), work) == {"a": 1}


def test_atomic_restores_the_store_when_the_block_raises():
    store = Store({"a": 1, "b": 2})

    def work(same):
        store.set("a", 10)
        store.delete("b")
        store.set("c", 3)
        raise_boom("out of stock")

    with pytest.raises(ValueError) as caught:
        run_inside(atomic(store), work)
        pytest.fail("the block raised ValueError, but atomic() swallowed it")
    assert str(caught.value) == "out of stock"
    assert store.as_dict() == {"a": 1, "b": 2}, "the block raised, so atomic() must put the old data back"


def test_atomic_closes_even_when_the_block_raises():
    store = Store()

    def work(same):
        assert store.in_transaction is True, "inside atomic(store), store.in_transaction must be True"
        raise Boom("late failure")

    with pytest.raises(Boom):
        run_inside(atomic(store), work)
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

    def work(value):
        value.set("a", 2)
        run_inside(open_one[inner](), lambda _: None)

    with pytest.raises(RuntimeError):
        run_inside(open_one[outer](), work)
        pytest.fail(f"a {inner} inside an open {outer} must raise RuntimeError")
    assert store.as_dict() == {"a": 1}
    assert store.in_transaction is False
