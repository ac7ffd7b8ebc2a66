-- fixture: pg-version=18
-- PostgreSQL 18 accepts NOT NULL table constraints; real errors after one are still found, where PostgreSQL 18 reports them.
CREATE TABLE t (a int, b int, CONSTRAINT t_a_nn NOT NULL a NO INHERIT, NOT NULL b);
ALTER TABLE t ADD CONSTRAINT t_b_nn NOT NULL b NOT VALID;
ALTER TABLE t ADD NOT NULL a, ADD COLUMN c int int; -- want: syntax-error 5:48-5:51
ALTER TABLE t ADD CONSTRAINT t_c_nn NOT NULL b DEFERRABLE; -- want: syntax-error 6:48-6:58
ALTER DOMAIN d ADD CONSTRAINT d_nn NOT NULL x; -- want: syntax-error 7:45-7:46
-- (a domain NOT NULL takes no column: PostgreSQL 17's error stands)
SELECT 1;
