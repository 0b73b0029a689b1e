INSERT INTO customers (id, name) VALUES (1, 'Noor'), (2, 'Ben'), (3, 'Ines');
INSERT INTO orders (id, customer_id, placed_on) VALUES (10, 1, '2026-11-02'), (11, 1, '2026-11-20'), (12, 2, '2026-11-21');
INSERT INTO order_lines (order_id, product, quantity, unit_price_cents) VALUES
    (10, 'tea', 2, 1500), (10, 'mug', 1, 900), (10, 'spoon', 3, 100),
    (11, 'tea', 1, 1500), (11, 'kettle', 1, 2700),
    (12, 'cocoa', 1, 1200);
