import functools

ROLES = {
    "viewer": {"permissions": {"article:read"}, "inherits": []},
    "author": {"permissions": {"article:create", "article:edit-own"}, "inherits": ["viewer"]},
    "editor": {"permissions": {"article:edit-any", "article:publish"}, "inherits": ["author"]},
    "admin": {"permissions": {"user:manage"}, "inherits": ["editor"]},
}


class Forbidden(Exception):
    """Raised when a user lacks a permission; args[0] is the permission."""


def permissions_for(user_roles, roles=ROLES):
    granted = set()
    seen = set()
    pending = list(user_roles)
    while pending:
        role = pending.pop()
        if role in seen:
            continue
        if role not in roles:
            continue
        seen.add(role)
        granted |= set(roles[role]["permissions"])
        pending.extend(roles[role]["inherits"])
    return frozenset(granted)


def can(user, permission, roles=ROLES):
    return permission in permissions_for(user.get("roles", []), roles)


def can_edit(user, article, roles=ROLES):
    if can(user, "article:edit-any", roles):
        return True
    return can(user, "article:edit-own", roles) and article["author"] == user["name"]


def requires(permission, roles=ROLES):
    def decorate(handler):
        @functools.wraps(handler)
        def checked(user, *args, **kwargs):
            if not can(user, permission, roles):
                raise Forbidden(permission)
            return handler(user, *args, **kwargs)

        return checked

    return decorate
