CREATE TABLE measurements (ts timestamptz, v float8) PARTITION BY RANGE (ts);
CREATE TABLE m2025 (ts timestamptz, v float8);
-- fixture: existing above

-- Positive: on PostgreSQL 12+ the partition is scanned.
ALTER TABLE measurements ATTACH PARTITION m2025 FOR VALUES FROM ('2025-01-01') TO ('2026-01-01'); -- want: ban-attach-partition 6:26-6:97

-- Negative: CREATE TABLE ... PARTITION OF, DETACH, a parent created in this file.
CREATE TABLE m2026 PARTITION OF measurements FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
ALTER TABLE measurements DETACH PARTITION m2025 CONCURRENTLY;
CREATE TABLE logs (ts timestamptz) PARTITION BY RANGE (ts);
ALTER TABLE logs ATTACH PARTITION m2025 FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
