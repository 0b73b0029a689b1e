def may(who, what, document):
    if what not in ("read", "write", "delete", "share"):
        raise ValueError("unknown action %r" % (what,))
    anonymous = who is None
    if not anonymous and who["suspended"]:
        return False
    owner = not anonymous and who["name"] == document["owner"]
    admin = not anonymous and bool(who["admin"])
    grant = None if anonymous else document["shared_with"].get(who["name"])
    match what:
        case "read":
            return bool(owner or admin or grant in ("read", "write") or document["public"])
        case "write":
            return bool(not document["locked"] and (owner or grant == "write"))
        case "delete":
            return bool(not document["locked"] and (owner or admin))
        case _:
            return bool(owner)
