-- fixture: pg-version=11
-- Positive: before 12 the parent is locked ACCESS EXCLUSIVE.
ALTER TABLE measurements ATTACH PARTITION m2025 DEFAULT; -- want: ban-attach-partition
