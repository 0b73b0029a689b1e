def flatten(items):
    """All the non-list items inside a list nested to any depth, in order, as one flat list."""
    result = []
    for item in items:
        if isinstance(item, list):
            result.extend(flatten(item))
        else:
            result.append(item)
    return result


def depth(value):
    """How many dicts deep `value` goes; lists don't add a level."""
    if isinstance(value, dict):
        return 1 + max((depth(v) for v in value.values()), default=0)
    if isinstance(value, list):
        return max((depth(item) for item in value), default=0)
    return 0


def leaf_paths(config, prefix=""):
    """A flat dict mapping 'dotted.key.paths' to every non-dict value of a nested dict."""
    result = {}
    for key, value in config.items():
        path = f"{prefix}.{key}" if prefix else key
        if isinstance(value, dict):
            result.update(leaf_paths(value, path))
        else:
            result[path] = value
    return result


def find_values(data, key):
    """Every value stored under `key` in any dict inside `data`, in document order."""
    found = []
    if isinstance(data, dict):
        for k, value in data.items():
            if k == key:
                found.append(value)
            else:
                found.extend(find_values(value, key))
    elif isinstance(data, list):
        for item in data:
            found.extend(find_values(item, key))
    return found
