"""A cache that holds the `keep` most recently used values, and every other value only weakly:
as long as some other part of the program still uses it, and not a moment longer."""
import weakref


class Document:
    """A loaded document. Memory-lean thanks to __slots__, and still weakly referenceable."""

    __slots__ = ("key",)  # TODO: a Cache must be able to hold a Document weakly

    def __init__(self, key):
        self.key = key


class Cache:
    def __init__(self, keep=0):
        raise NotImplementedError("check keep; a strong part and a weak part")

    def put(self, key, value):
        raise NotImplementedError

    def get(self, key, default=None):
        raise NotImplementedError

    def __contains__(self, key):
        raise NotImplementedError

    def __len__(self):
        raise NotImplementedError


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
