import pytest

from rbac import Forbidden, can, can_edit, permissions_for, requires

ADA = {"name": "ada", "roles": ["admin"]}
ED = {"name": "ed", "roles": ["editor"]}
AL = {"name": "al", "roles": ["author"]}
VI = {"name": "vi", "roles": ["viewer"]}
NOBODY = {"name": "nn", "roles": []}


def test_a_role_without_parents():
    assert permissions_for(["viewer"]) == {"article:read"}


@pytest.mark.parametrize(
    "role, expected",
    [
        ("author", {"article:read", "article:create", "article:edit-own"}),
        ("editor", {"article:read", "article:create", "article:edit-own", "article:edit-any", "article:publish"}),
        ("admin", {"article:read", "article:create", "article:edit-own", "article:edit-any", "article:publish", "user:manage"}),
    ],
)
def test_roles_inherit_all_the_way_up(role, expected):
    assert set(permissions_for([role])) == expected, (
        f"{role} inherits from its parents, and from their parents in turn: admin -> editor -> author -> viewer"
    )


def test_several_roles_add_up():
    assert set(permissions_for(["viewer", "author"])) == {"article:read", "article:create", "article:edit-own"}
    assert permissions_for([]) == frozenset(), "no roles, no permissions: deny by default"


def test_an_unknown_role_is_an_error():
    with pytest.raises(ValueError):
        permissions_for(["viewer", "superuser"])
        pytest.fail("an unknown role must raise ValueError: a typo in a role name must be loud, not quietly grant nothing")


def test_a_cycle_in_the_role_table_does_not_loop_forever():
    roles = {
        "a": {"permissions": {"p:a"}, "inherits": ["b"]},
        "b": {"permissions": {"p:b"}, "inherits": ["a"]},
        "c": {"permissions": {"p:c"}, "inherits": ["a", "b"]},
    }
    assert set(permissions_for(["c"], roles)) == {"p:a", "p:b", "p:c"}, (
        "a role reached twice (a cycle, or two paths) must be expanded once: remember the roles you have seen"
    )


def test_can():
    assert can(ADA, "user:manage") and can(ADA, "article:read")
    assert can(ED, "article:publish") and not can(ED, "user:manage")
    assert not can(VI, "article:create")
    assert not can(NOBODY, "article:read")


def test_permissions_are_exact_names():
    assert not can(AL, "article:edit"), "article:edit is not a permission of author: compare names exactly, not by prefix"
    assert not can(AL, "article"), "compare permission names exactly"


def test_authors_edit_only_their_own_articles():
    assert can_edit(AL, {"id": 1, "author": "al"}) is True
    assert can_edit(AL, {"id": 2, "author": "ed"}) is False, (
        "al is an author (article:edit-own), and this article is by ed: edit-own needs the article's author to "
        "be the user, or anyone could edit anyone's work"
    )


def test_editors_edit_any_article_and_viewers_none():
    assert can_edit(ED, {"id": 2, "author": "al"}) is True
    assert can_edit(ADA, {"id": 2, "author": "al"}) is True
    assert can_edit(VI, {"id": 3, "author": "vi"}) is False, "a viewer may not edit, even an article that names them"


def test_requires_lets_permitted_users_through():
    @requires("article:publish")
    def publish(user, article_id, note=""):
        return f"{user['name']} published {article_id}{note}"

    assert publish(ED, 7) == "ed published 7"
    assert publish(ADA, 8, note="!") == "ada published 8!"


def test_requires_stops_the_others_before_the_handler_runs():
    calls = []

    @requires("article:publish")
    def publish(user, article_id):
        calls.append(article_id)
        return "published"

    for user in [AL, VI, NOBODY]:
        with pytest.raises(Forbidden) as caught:
            publish(user, 7)
            pytest.fail(f"{user['name']} ({user['roles']}) may not publish: requires must raise Forbidden")
        assert caught.value.args == ("article:publish",), "Forbidden carries the missing permission"
    assert calls == [], "the handler ran for a user without the permission: check before calling it"
