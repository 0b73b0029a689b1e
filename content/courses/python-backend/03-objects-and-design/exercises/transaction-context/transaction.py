"""An in-memory key-value store with transactions: a block of changes that happens completely
or not at all."""
from contextlib import contextmanager


class Store:
    def __init__(self, data=None):
        self._data = dict(data or {})

    def get(self, key, default=None):
        return self._data.get(key, default)

    def set(self, key, value):
        self._data[key] = value

    def delete(self, key):
        del self._data[key]

    def as_dict(self):
        return dict(self._data)

    @property
    def in_transaction(self):
        """True while a transaction or an atomic() block is open on this store."""
        raise NotImplementedError

    def transaction(self):
        return Transaction(self)


class Transaction:
    """Buffers changes; applies them to the store only when the block ends without an error."""

    def __init__(self, store):
        self._store = store

    def __enter__(self):
        raise NotImplementedError("refuse nesting, open the transaction, return it")

    def __exit__(self, exc_type, exc, tb):
        raise NotImplementedError("apply the changes only if exc_type is None; never swallow")

    def get(self, key, default=None):
        raise NotImplementedError

    def set(self, key, value):
        raise NotImplementedError

    def delete(self, key):
        raise NotImplementedError


@contextmanager
def atomic(store):
    """Changes go straight to the store; if the block raises, the store is put back as it was."""
    raise NotImplementedError("snapshot, yield the store, restore on error")
    yield store

