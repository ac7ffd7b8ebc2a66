-- Positive.
ALTER TYPE order_status ADD VALUE 'refunded'; -- want: require-enum-value-ordering 2:1-2:45
ALTER TYPE app.order_status ADD VALUE IF NOT EXISTS 'void'; -- want: require-enum-value-ordering

-- Negative: BEFORE or AFTER; RENAME VALUE.
ALTER TYPE order_status ADD VALUE 'refunded' AFTER 'paid';
ALTER TYPE order_status ADD VALUE 'draft' BEFORE 'new';
ALTER TYPE order_status RENAME VALUE 'void' TO 'cancelled';
