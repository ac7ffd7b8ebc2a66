-- PostgreSQL 18's NOT NULL table constraints fail on the default target (16): one finding per construct.
CREATE TABLE t (
  a int,
  b int,
  CONSTRAINT t_a_nn NOT NULL a NO INHERIT, -- want: syntax-error 5:3-5:42
  NOT NULL b -- want: syntax-error 6:3-6:13
);
ALTER TABLE t ADD CONSTRAINT t_b_nn NOT NULL b NOT VALID; -- want: syntax-error 8:19-8:57
ALTER TABLE t ADD COLUMN c; -- want: syntax-error 9:27-9:27
SELECT 1;
