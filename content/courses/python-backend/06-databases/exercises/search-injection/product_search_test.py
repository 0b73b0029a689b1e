import sqlite3

import pytest

from product_search import search_products

DB_SCHEMA = """
CREATE TABLE products (id INTEGER PRIMARY KEY, name TEXT NOT NULL,
                       price_cents INTEGER NOT NULL, listed INTEGER NOT NULL DEFAULT 1);
INSERT INTO products (name, price_cents, listed) VALUES
    ('Desk lamp', 2999, 1),
    ('Lamp shade', 1250, 1),
    ('Kid''s backpack', 3500, 1),
    ('Kid''s raincoat', 4200, 1),
    ('Kids table', 8900, 1),
    ('Prototype phone (unreleased)', 99900, 0),
    ('Old lamp (withdrawn)', 500, 0),
    ('"Quoted" mug', 900, 1),
    ('Mug; DROP', 700, 1);
"""


def search(db, text, max_price_cents=None):
    """Calls the learner's search; a SQL error means the input changed the statement."""
    try:
        if max_price_cents is None:
            return search_products(db.connection, text)
        return search_products(db.connection, text, max_price_cents)
    except sqlite3.Error as exc:
        pytest.fail(
            f"searching for {text!r} raised {type(exc).__name__}: {exc}. The text became part of the SQL "
            "statement: pass it as a parameter (? placeholder), so that it is only ever data"
        )


def assert_not_in_sql(db, *values):
    for query in db.queries:
        for value in values:
            assert str(value) not in query.sql, (
                f"{value!r} is in the SQL text {query.sql!r}: a user's value was formatted into the "
                "statement. Escaping quotes only hides the cases you thought of; pass every value as a "
                "parameter (? placeholder)"
            )


def test_a_plain_search(db):
    assert search(db, "lamp") == ["Desk lamp", "Lamp shade"]


def test_an_apostrophe(db):
    assert search(db, "kid's") == ["Kid's backpack", "Kid's raincoat"]


def test_double_quotes_and_semicolons_are_just_text(db):
    assert search(db, '"Quoted"') == ['"Quoted" mug']
    assert search(db, "; DROP") == ["Mug; DROP"]
    assert db.tables() == ["products"]


@pytest.mark.parametrize(
    "attack",
    [
        "' OR listed = 0 OR name LIKE '",
        "%' OR 1=1 --",
        "x' UNION SELECT name FROM products WHERE listed = 0 --",
        "' OR '1'='1",
    ],
    ids=["or-listed", "comment-out-the-rest", "union", "always-true"],
)
def test_injection_finds_nothing_hidden(db, attack):
    found = search(db, attack)
    assert found == [], (
        f"searching for {attack!r} should find no product (no name contains that text), but it "
        "found some: the text changed the SQL statement"
    )


def test_unlisted_products_stay_hidden(db):
    assert search(db, "phone") == []
    assert search(db, "lamp") == ["Desk lamp", "Lamp shade"]


def test_max_price(db):
    assert search(db, "kid", 4200) == ["Kid's backpack", "Kid's raincoat"]
    assert search(db, "kid", 4199) == ["Kid's backpack"]


def test_the_user_text_is_a_parameter(db):
    search(db, "backpack")
    assert_not_in_sql(db, "backpack")


def test_the_price_is_a_parameter(db):
    search(db, "mug", 987654)
    assert_not_in_sql(db, 987654)
