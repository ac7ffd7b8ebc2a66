INSERT INTO tech_book SELECT * FROM tech_book ORDER BY random(); -- want: insert-disallow-order-by-rand 1:56-1:64
INSERT INTO t (id) SELECT id FROM u ORDER BY a, pg_catalog.random() LIMIT 5; -- want: insert-disallow-order-by-rand
-- Negative.
INSERT INTO tech_book VALUES (1, 'a');
INSERT INTO t (id) SELECT id FROM u ORDER BY id;
SELECT id FROM u ORDER BY random();
