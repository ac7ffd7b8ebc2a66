CREATE TABLE events (id bigint, at date) PARTITION BY RANGE (at);
CREATE TABLE events_2023 PARTITION OF events FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');
-- fixture: existing above

ALTER TABLE events DETACH PARTITION events_2023 CONCURRENTLY; -- want: ban-detach-inheritance 5:20-5:61
ALTER TABLE events DETACH PARTITION events_2022; -- want: ban-detach-inheritance 6:20-6:48
ALTER TABLE child_log NO INHERIT parent_log; -- want: ban-detach-inheritance 7:23-7:44

-- Negative: a table created earlier in this file, ATTACH, INHERIT.
CREATE TABLE staging (id bigint, at date) PARTITION BY RANGE (at);
ALTER TABLE staging DETACH PARTITION staging_old;
ALTER TABLE events ATTACH PARTITION events_2025 FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
ALTER TABLE child_log INHERIT parent_log;
