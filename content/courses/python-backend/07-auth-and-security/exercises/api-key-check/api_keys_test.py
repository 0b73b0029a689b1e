import ast

import pytest

from pydojo_harness import analyzers
from api_keys import check_api_key

KEY = "k3y-7f9c2a-live"


@analyzers.add_check
def secrets_compared_with_compare_digest(tree, source):
    """A comparison whose time depends on how many characters match leaks the key one
    character at a time, so the key must be compared with hmac.compare_digest."""
    for fn in ast.walk(tree):
        if isinstance(fn, ast.FunctionDef) and fn.name == "check_api_key":
            calls = [n for n in ast.walk(fn) if isinstance(n, ast.Call)
                     and (getattr(n.func, "attr", None) == "compare_digest" or getattr(n.func, "id", None) == "compare_digest")]
            if not calls:
                yield {"id": "compare-digest", "severity": "essential", "line": fn.lineno,
                       "message": "check_api_key must compare the keys with hmac.compare_digest: == stops at the "
                                  "first different character, so its timing tells an attacker how much of the key is right"}
            for node in ast.walk(fn):
                if isinstance(node, ast.Compare) and any(isinstance(op, (ast.Eq, ast.NotEq)) for op in node.ops):
                    sides = [node.left, *node.comparators]
                    if not any(isinstance(s, ast.Constant) for s in sides) and not any(
                        isinstance(s, ast.Call)
                        and (getattr(s.func, "attr", None) in ("lower", "casefold", "upper") or getattr(s.func, "id", None) == "len")
                        for s in sides
                    ):
                        yield {"id": "compare-digest", "severity": "essential", "line": node.lineno,
                               "message": "a key is compared with == or != here: use hmac.compare_digest, whose "
                                          "time does not depend on where the first difference is"}


def test_the_right_key_is_accepted():
    assert check_api_key(f"Bearer {KEY}", KEY) is True


def test_the_scheme_is_case_insensitive():
    assert check_api_key(f"bearer {KEY}", KEY) is True


@pytest.mark.parametrize(
    "header",
    [f"Bearer {KEY[:-1]}", f"Bearer {KEY}x", f"Bearer {KEY.upper()}", f"Basic {KEY}", KEY, f"Bearer{KEY}"],
    ids=["one character short", "one character too many", "different case", "wrong scheme", "no scheme", "no space"],
)
def test_anything_else_is_refused(header):
    assert check_api_key(header, KEY) is False, f"{header!r} must not be accepted for the key {KEY!r}"


@pytest.mark.parametrize("header", [None, "", "Bearer ", "Bearer"], ids=["no header", "empty header", "empty key", "scheme only"])
def test_a_missing_key_is_refused(header):
    assert check_api_key(header, KEY) is False, f"{header!r} carries no key, so it must be refused"


@pytest.mark.parametrize("configured", ["", None], ids=["empty string", "None"])
def test_a_server_without_a_configured_key_refuses_everyone(configured):
    assert check_api_key("Bearer ", configured) is False, (
        "the server has an empty key configured: that is a configuration mistake, and it must refuse "
        "every request, even one that presents an empty key"
    )
    assert check_api_key("Bearer anything", configured) is False


def test_a_non_ascii_key_is_refused_without_crashing():
    # hmac.compare_digest raises TypeError for str with non-ASCII characters: compare bytes.
    assert check_api_key("Bearer clé-secrète", KEY) is False, (
        "a non-ASCII key must be refused, not crash: compare_digest accepts str only when it is "
        "ASCII, so encode both keys to bytes (UTF-8) first"
    )
    assert check_api_key("Bearer clé", "clé") is True, "a non-ASCII key that matches must be accepted"


def test_compared_with_compare_digest():
    analyzers.assert_no_comments("essential", ids=["compare-digest"])
