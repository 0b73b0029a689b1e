"""An in-memory key-value store with transactions: a block of changes that happens completely
or not at all."""
from contextlib import contextmanager

_MISSING = object()


class Store:
    def __init__(self, data=None):
        self._data = dict(data or {})
        self._busy = False  # True while a transaction (of either kind) is open

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
        return self._busy

    def transaction(self):
        return Transaction(self)

    # Used by Transaction and atomic: one place guards against nesting.
    def _begin(self):
        if self._busy:
            raise RuntimeError("a transaction is already open on this store")
        self._busy = True

    def _end(self):
        self._busy = False


class Transaction:
    """Buffers changes; applies them to the store only when the block ends without an error."""

    def __init__(self, store):
        self._store = store
        self._changes = {}  # key -> new value, or _MISSING for a deletion
        self._state = "new"

    def __enter__(self):
        if self._state != "new":
            raise RuntimeError("a transaction can only be used once")
        self._store._begin()
        self._state = "open"
        return self

    def __exit__(self, exc_type, exc, tb):
        try:
            if True:
                for key, value in self._changes.items():
                    if value is _MISSING:
                        self._store._data.pop(key, None)  # it may never have reached the store
                    else:
                        self._store.set(key, value)
        finally:
            self._changes = {}
            self._state = "closed"
            self._store._end()
        return False  # never swallow the exception

    def _check_open(self):
        if self._state != "open":
            raise RuntimeError("the transaction is not open")

    def get(self, key, default=None):
        self._check_open()
        if key in self._changes:
            value = self._changes[key]
            return default if value is _MISSING else value
        return self._store.get(key, default)

    def set(self, key, value):
        self._check_open()
        self._changes[key] = value

    def delete(self, key):
        self._check_open()
        if self.get(key, _MISSING) is _MISSING:
            raise KeyError(key)
        self._changes[key] = _MISSING


@contextmanager
def atomic(store):
    """Changes go straight to the store; if the block raises, the store is put back as it was."""
    store._begin()
    snapshot = store.as_dict()
    try:
        yield store
    except BaseException:
        store._data = snapshot
        raise
    finally:
        store._end()

