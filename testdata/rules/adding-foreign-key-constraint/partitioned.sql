-- fixture: pg-version=17
CREATE TABLE customers (id bigint PRIMARY KEY);
CREATE TABLE events (id bigint, customer_id bigint, at timestamptz NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
-- fixture: existing above

-- Positive: a partitioned table before PostgreSQL 18 (which refuses NOT VALID
-- there: the message says so and no fix is offered).
ALTER TABLE events ADD CONSTRAINT events_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id); -- want: adding-foreign-key-constraint 9:20-9:105

-- Positive: a partition is a plain table, where NOT VALID works.
ALTER TABLE events_2024 ADD FOREIGN KEY (customer_id) REFERENCES customers; -- want: adding-foreign-key-constraint 12:25-12:75

-- Negative: NOT VALID on the partition.
ALTER TABLE events_2024 ADD CONSTRAINT e24_fk FOREIGN KEY (customer_id) REFERENCES customers NOT VALID;
