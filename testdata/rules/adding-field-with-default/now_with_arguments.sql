CREATE TABLE orders (id bigint PRIMARY KEY);
-- fixture: existing above

-- Negative: now() is stable, evaluated once.
ALTER TABLE orders ADD COLUMN placed_at timestamptz DEFAULT now();
-- Positive: now(1) is not now(): some other function, of unknown volatility.
ALTER TABLE orders ADD COLUMN seen_at timestamptz DEFAULT now(1); -- want: adding-field-with-default
