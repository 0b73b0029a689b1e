"""A cache that holds the `keep` most recently used values, and every other value only weakly:
as long as some other part of the program still uses it, and not a moment longer."""
import weakref
from collections import OrderedDict


class Document:
    """A loaded document. Memory-lean thanks to __slots__, and still weakly referenceable."""

    __slots__ = ("key",)

    def __init__(self, key):
        self.key = key


class Cache:
    def __init__(self, keep=0):
        if type(keep) is not int or keep < 0:
            raise ValueError(f"keep must be a whole number of at least 0, got {keep!r}")
        self._keep = keep
        self._recent = OrderedDict()  # strong references, least recently used first
        self._weak = weakref.WeakValueDictionary()  # entries vanish when their value dies

    def put(self, key, value):
        self._recent.pop(key, None)
        self._weak.pop(key, None)
        try:
            self._weak[key] = value
        except TypeError:  # int, str, dict, ...: cannot be weakly referenced
            pass
        self._use(key, value)

    def get(self, key, default=None):
        if key in self._recent:
            value = self._recent[key]
        else:
            value = self._weak.get(key)
            if value is None:
                return default
        self._use(key, value)
        return value

    def __contains__(self, key):
        return key in self._recent or key in self._weak

    def __len__(self):
        return len(set(self._recent) | set(self._weak.keys()))

    def _use(self, key, value):
        """Make `key` the most recently used; forget the strong reference beyond `keep`."""
        self._recent[key] = value
        self._recent.move_to_end(key)
        while len(self._recent) > self._keep:
            self._recent.popitem(last=False)


def demo_cache_lifetimes(steps, keep=0):
    """Run `steps` against a fresh Cache(keep) with Documents created here, in this process,
    and return what the "get" and "len" steps observed."""
    cache = Cache(keep)
    held = {}  # the rest of the program: the only other references to the documents
    observed = []
    for step in steps:
        action = step[0]
        if action == "new":
            document = Document(step[1])
            cache.put(step[1], document)
            held[step[1]] = document
            del document
        elif action == "drop":
            del held[step[1]]
        elif action == "get":
            observed.append(cache.get(step[1]) is not None)
        elif action == "len":
            observed.append(len(cache))
        else:
            raise ValueError(f"unknown step {step!r}")
    return observed
