def flatten(items):
    """All the non-list items inside a list nested to any depth, in order, as one flat list."""
    raise NotImplementedError("base case: not a list; recursive case: flatten each item")


def depth(value):
    """How many dicts deep `value` goes; lists don't add a level."""
    raise NotImplementedError("base case: a plain value has depth 0")


def leaf_paths(config):
    """A flat dict mapping 'dotted.key.paths' to every non-dict value of a nested dict."""
    raise NotImplementedError("recurse into the dict values, passing the path so far")


def find_values(data, key):
    """Every value stored under `key` in any dict inside `data`, in document order."""
    raise NotImplementedError("search dicts and lists, recursively")
