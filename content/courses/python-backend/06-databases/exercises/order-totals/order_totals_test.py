from order_totals import customer_totals

# The db fixture runs schema.sql, then fixtures.sql (both listed in .meta/config.json) before each test.


def test_the_example(db):
    assert customer_totals(db.connection) == [("Noor", 2, 8400), ("Ben", 1, 1200), ("Ines", 0, 0)]


def test_an_order_with_several_lines_counts_once(db):
    noor = customer_totals(db.connection)[0]
    assert noor[1] == 2, (
        f"Noor placed 2 orders (with 3 and 2 lines), not {noor[1]}: joining the lines gives one row "
        "per line, so count the distinct orders: COUNT(DISTINCT orders.id)"
    )


def test_customers_without_orders_are_listed_with_zeros(db):
    rows = {row[0]: row for row in customer_totals(db.connection)}
    assert "Ines" in rows, (
        "Ines placed no order but is a customer: an inner JOIN drops her; LEFT JOIN keeps every customer"
    )
    assert rows["Ines"] == ("Ines", 0, 0), "no orders: 0 orders and 0 spent (COALESCE turns SUM's NULL into 0)"


def test_an_order_without_lines_counts_but_adds_nothing(db):
    db.script("INSERT INTO orders (id, customer_id, placed_on) VALUES (13, 3, '2026-11-30')")
    assert customer_totals(db.connection)[-1] == ("Ines", 1, 0)


def test_ties_are_sorted_by_name(db):
    db.script(
        "INSERT INTO customers (id, name) VALUES (4, 'Arun');"
        "INSERT INTO orders (id, customer_id, placed_on) VALUES (14, 4, '2026-12-01');"
        "INSERT INTO order_lines (order_id, product, quantity, unit_price_cents) VALUES (14, 'cocoa', 2, 600);"
    )
    assert [row[0] for row in customer_totals(db.connection)] == ["Noor", "Arun", "Ben", "Ines"]


def test_one_query_whatever_the_number_of_customers(db):
    db.script(
        "INSERT INTO customers (id, name) VALUES " + ", ".join(f"({i}, 'Customer {i}')" for i in range(20, 30))
        + "; INSERT INTO orders (id, customer_id, placed_on) VALUES "
        + ", ".join(f"({i}, {i}, '2026-12-02')" for i in range(20, 30))
        + "; INSERT INTO order_lines (order_id, product, quantity, unit_price_cents) VALUES "
        + ", ".join(f"({i}, 'tea', 1, {i * 10})" for i in range(20, 30))
    )
    assert len(customer_totals(db.connection)) == 13
    db.queries.assert_at_most(
        1, "SELECT", what="13 customers",
        hint="let the database join and add up: one SELECT with LEFT JOINs, GROUP BY customers.id",
    )
