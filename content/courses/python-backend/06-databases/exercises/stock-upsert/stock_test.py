from stock import receive, record_count

DB_SCHEMA = """
CREATE TABLE stock (sku TEXT PRIMARY KEY,
                    quantity INTEGER NOT NULL CHECK (quantity >= 0),
                    counted_at TEXT NOT NULL);
INSERT INTO stock VALUES ('washer-m6', 1000, '2026-12-01T17:00');
"""


def stock(db):
    return db.query("SELECT sku, quantity, counted_at FROM stock ORDER BY sku")


def assert_no_check_then_write(db, changes):
    selects = db.queries.of_kind("SELECT")
    assert not selects, (
        f"your code ran a SELECT before writing ({' '.join(selects[0].sql.split())!r}): between the check and the "
        "write another request can insert the same sku, and one of you fails or overwrites the other. "
        "Let one statement do both: INSERT ... ON CONFLICT (sku) DO UPDATE"
    )
    statements = len(db.queries)
    assert statements <= changes, (
        f"{statements} statements for {changes} changes: one upsert per change is enough.\n{db.queries.listing()}"
    )


def test_the_example(db):
    receive(db.connection, [("bolt-m6", 500), ("nut-m6", 200), ("bolt-m6", 100)], "2026-12-04T08:00")
    assert stock(db) == [
        ("bolt-m6", 600, "2026-12-04T08:00"),
        ("nut-m6", 200, "2026-12-04T08:00"),
        ("washer-m6", 1000, "2026-12-01T17:00"),
    ]
    assert not db.connection.in_transaction, "receive() left its transaction open: commit"


def test_a_delivery_adds_to_what_is_there(db):
    receive(db.connection, [("washer-m6", 250)], "2026-12-04T08:00")
    assert stock(db) == [("washer-m6", 1250, "2026-12-04T08:00")], (
        "1000 washers were on the shelf and 250 arrived: 1250. INSERT OR REPLACE deletes the old row "
        "(and its quantity); ON CONFLICT ... DO UPDATE SET quantity = stock.quantity + excluded.quantity adds"
    )


def test_receive_runs_one_statement_per_delivery(db):
    receive(db.connection, [(f"part-{i}", i + 1) for i in range(10)] + [("washer-m6", 5)], "2026-12-04T08:00")
    assert len(stock(db)) == 11
    assert_no_check_then_write(db, 11)


def test_an_empty_delivery(db):
    receive(db.connection, [], "2026-12-04T08:00")
    assert stock(db) == [("washer-m6", 1000, "2026-12-01T17:00")]


def test_a_count_replaces_the_quantity(db):
    assert record_count(db.connection, "washer-m6", 990, "2026-12-04T12:00") is True
    assert stock(db) == [("washer-m6", 990, "2026-12-04T12:00")]


def test_a_count_of_a_new_product(db):
    assert record_count(db.connection, "rivet", 40, "2026-12-04T12:00") is True
    assert stock(db)[0] == ("rivet", 40, "2026-12-04T12:00")


def test_an_older_count_never_overwrites_a_newer_one(db):
    record_count(db.connection, "washer-m6", 990, "2026-12-04T12:00")
    stored = record_count(db.connection, "washer-m6", 1000, "2026-12-04T09:00")
    assert stock(db) == [("washer-m6", 990, "2026-12-04T12:00")], (
        "the 09:00 count arrived after the 12:00 one, and overwrote it: an older count must be ignored "
        "(DO UPDATE ... WHERE excluded.counted_at > stock.counted_at)"
    )
    assert stored is False, "the older count was not stored: record_count returns False"


def test_a_count_after_a_delivery(db):
    receive(db.connection, [("washer-m6", 10)], "2026-12-04T08:00")
    assert record_count(db.connection, "washer-m6", 1005, "2026-12-04T08:30") is True
    assert stock(db) == [("washer-m6", 1005, "2026-12-04T08:30")]


def test_record_count_runs_one_statement(db):
    record_count(db.connection, "washer-m6", 990, "2026-12-04T12:00")
    record_count(db.connection, "rivet", 40, "2026-12-04T12:00")
    assert_no_check_then_write(db, 2)
    assert not db.connection.in_transaction, "record_count() left its transaction open: commit"
