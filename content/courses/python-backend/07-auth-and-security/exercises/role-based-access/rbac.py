ROLES = {
    "viewer": {"permissions": {"article:read"}, "inherits": []},
    "author": {"permissions": {"article:create", "article:edit-own"}, "inherits": ["viewer"]},
    "editor": {"permissions": {"article:edit-any", "article:publish"}, "inherits": ["author"]},
    "admin": {"permissions": {"user:manage"}, "inherits": ["editor"]},
}


class Forbidden(Exception):
    """Raised when a user lacks a permission; args[0] is the permission."""


def permissions_for(user_roles, roles=ROLES):
    """Every permission of these roles and of the roles they inherit from, as a frozenset."""
    raise NotImplementedError


def can(user, permission, roles=ROLES):
    """True when user ({"name", "roles"}) has the permission."""
    raise NotImplementedError


def can_edit(user, article, roles=ROLES):
    """True when user may edit article ({"id", "author"}): edit-any, or edit-own on their own."""
    raise NotImplementedError


def requires(permission, roles=ROLES):
    """A decorator for handlers `handler(user, *args, **kwargs)`: raise Forbidden(permission)
    instead of calling the handler when the user lacks the permission."""
    raise NotImplementedError
