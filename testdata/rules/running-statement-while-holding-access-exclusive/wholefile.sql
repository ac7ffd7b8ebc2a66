CREATE TABLE orders (id bigint PRIMARY KEY, note text);
-- fixture: existing above

-- A file without BEGIN runs as one transaction.
ALTER TABLE orders ADD COLUMN tag text;
INSERT INTO audit VALUES (1); -- want: running-statement-while-holding-access-exclusive
