"""Who may do what with a shared document. The code under test: read it, don't change it."""

ACTIONS = ("read", "write", "delete", "share")


def may(user, action, doc):
    """True when `user` may perform `action` on `doc`, else False.

    user: None (not logged in) or {"name": str, "admin": bool, "suspended": bool}
    doc:  {"owner": str, "shared_with": {name: "read" | "write"}, "public": bool, "locked": bool}
    """
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    if user is None:
        return action == "read" and doc["public"]
    if user["suspended"]:
        return False
    if user["name"] == doc["owner"]:
        return True
    if doc["locked"] and action in ("write", "delete"):
        return False
    if user["admin"] and action in ("read", "delete"):
        return True
    level = doc["shared_with"].get(user["name"])
    if action == "read":
        return level in ("read", "write") or doc["public"]
    if action == "write":
        return level == "write"
    return False
