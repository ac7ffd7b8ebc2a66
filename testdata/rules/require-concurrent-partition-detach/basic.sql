CREATE TABLE measurements (ts timestamptz, v float8) PARTITION BY RANGE (ts);
CREATE TABLE measurements_2020 PARTITION OF measurements FOR VALUES FROM ('2020-01-01') TO ('2021-01-01');
-- fixture: existing above

-- Positive: the range is the DETACH subcommand; the fix appends CONCURRENTLY.
ALTER TABLE measurements DETACH PARTITION measurements_2020; -- want: require-concurrent-partition-detach 6:26-6:60
ALTER TABLE unknown_parent DETACH PARTITION p; -- want: require-concurrent-partition-detach

-- Negative: CONCURRENTLY, FINALIZE, ATTACH.
ALTER TABLE measurements DETACH PARTITION measurements_2020 CONCURRENTLY;
ALTER TABLE measurements DETACH PARTITION measurements_2020 FINALIZE;
ALTER TABLE measurements ATTACH PARTITION measurements_2020 FOR VALUES FROM ('2020-01-01') TO ('2021-01-01');

-- Negative: a parent created in this file.
CREATE TABLE logs (ts timestamptz) PARTITION BY RANGE (ts);
CREATE TABLE logs_1 PARTITION OF logs FOR VALUES FROM ('2020-01-01') TO ('2021-01-01');
ALTER TABLE logs DETACH PARTITION logs_1;
