ROLES = {
    "viewer": {"permissions": {"article:read"}, "inherits": []},
    "author": {"permissions": {"article:create", "article:edit-own"}, "inherits": ["viewer"]},
    "editor": {"permissions": {"article:edit-any", "article:publish"}, "inherits": ["author"]},
    "admin": {"permissions": {"user:manage"}, "inherits": ["editor"]},
}


class Forbidden(Exception):
    pass


def _collect(role, roles, visited):
    if role not in roles:
        raise ValueError(f"unknown role {role!r}")
    if role in visited:
        return set()
    visited.add(role)
    found = set(roles[role]["permissions"])
    for parent in roles[role]["inherits"]:
        found |= _collect(parent, roles, visited)
    return found


def permissions_for(user_roles, roles=ROLES):
    visited = set()
    result = set()
    for role in user_roles:
        result |= _collect(role, roles, visited)
    return frozenset(result)


def can(user, permission, roles=ROLES):
    return permission in permissions_for(user.get("roles", ()), roles)


def can_edit(user, article, roles=ROLES):
    mine = article["author"] == user["name"]
    return can(user, "article:edit-any", roles) or (mine and can(user, "article:edit-own", roles))


class requires:
    def __init__(self, permission, roles=ROLES):
        self.permission, self.roles = permission, roles

    def __call__(self, handler):
        def guarded(user, *args, **kwargs):
            if can(user, self.permission, self.roles):
                return handler(user, *args, **kwargs)
            raise Forbidden(self.permission)

        return guarded
