from revenue import best_sellers, monthly_revenue

DB_SCHEMA = """
CREATE TABLE sales (id INTEGER PRIMARY KEY, product TEXT NOT NULL, sold_at TEXT NOT NULL,
                    amount_cents INTEGER NOT NULL, refunded INTEGER NOT NULL DEFAULT 0);
INSERT INTO sales (product, sold_at, amount_cents, refunded) VALUES
    ('tea',    '2025-12-31T23:30', 1500, 0),
    ('tea',    '2026-01-02T09:00', 1500, 0),
    ('mug',    '2026-01-20T14:10', 3000, 0),
    ('kettle', '2026-02-11T10:00', 4500, 1),
    ('spoon',  '2026-03-14T16:05', 1200, 0),
    ('mug',    '2026-12-01T08:00', 3000, 0),
    ('tea',    '2026-12-31T20:15', 4000, 0),
    ('kettle', '2027-01-01T00:05', 4500, 0),
    ('kettle', '2027-01-03T12:00', 4500, 1);
"""


def test_monthly_revenue(db):
    assert monthly_revenue(db.connection, 2026) == [("2026-01", 2, 4500), ("2026-03", 1, 1200), ("2026-12", 2, 7000)]


def test_new_years_eve_counts(db):
    december = monthly_revenue(db.connection, 2026)[-1]
    assert december == ("2026-12", 2, 7000), (
        "the tea sold on 2026-12-31T20:15 belongs to 2026, but '2026-12-31T20:15' > '2026-12-31' as text: "
        "compare with the start of the next year (sold_at < '2027-01-01')"
    )


def test_refunds_never_count(db):
    assert [row[0] for row in monthly_revenue(db.connection, 2026)] == ["2026-01", "2026-03", "2026-12"], (
        "February's only sale was refunded: February has no sales"
    )
    assert monthly_revenue(db.connection, 2027) == [("2027-01", 1, 4500)]


def test_a_year_without_sales(db):
    assert monthly_revenue(db.connection, 2024) == []


def test_best_sellers(db):
    assert best_sellers(db.connection, 2) == [("tea", 3), ("mug", 2)]


def test_at_least_means_equal_counts(db):
    assert best_sellers(db.connection, 3) == [("tea", 3)], (
        "tea was sold 3 times, which is at least 3: HAVING COUNT(*) >= ?"
    )


def test_best_sellers_skip_refunds_and_sort_ties_by_name(db):
    assert best_sellers(db.connection, 1) == [("tea", 3), ("mug", 2), ("kettle", 1), ("spoon", 1)], (
        "kettle was sold 3 times but 2 were refunded: 1 sale. Ties are sorted by product name"
    )


def test_one_query_each(db):
    monthly_revenue(db.connection, 2026)
    best_sellers(db.connection, 1)
    db.queries.assert_at_most(2, "SELECT", what="two reports", hint="let GROUP BY and HAVING do the work: one query per report")
