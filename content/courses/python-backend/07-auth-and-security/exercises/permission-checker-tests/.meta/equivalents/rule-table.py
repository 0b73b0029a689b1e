"""Document access, from a table of who may do which action."""

_OWNER = {"read", "write", "delete", "share"}
_ADMIN = {"read", "delete"}
_SHARE = {"read": {"read"}, "write": {"read", "write"}}


def may(user, action, doc):
    if action not in _OWNER:
        raise ValueError(f"unknown action {action!r}")
    if user is not None and user["suspended"]:
        return False
    if action in ("write", "delete") and doc["locked"]:
        return False
    allowed = set()
    if doc["public"]:
        allowed.add("read")
    if user is not None:
        name = user["name"]
        if name == doc["owner"]:
            allowed |= _OWNER
        if user["admin"]:
            allowed |= _ADMIN
        allowed |= _SHARE.get(doc["shared_with"].get(name), set())
    return action in allowed
