-- fixture: pg-version=10
-- PostgreSQL 10 has identity columns and partitioning, not what came later.
CREATE TABLE a (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY);
CREATE TABLE m (id bigint, day date) PARTITION BY RANGE (day);
CREATE TABLE h (id bigint) PARTITION BY HASH (id); -- want: syntax-error 5:41-5:45
CREATE TABLE m0 PARTITION OF m DEFAULT; -- want: syntax-error 6:32-6:39
CREATE PROCEDURE p() LANGUAGE sql AS $$ SELECT 1 $$; -- want: syntax-error 7:8-7:17
CALL p(); -- want: syntax-error 8:1-8:5 /^procedures \(CALL\) need PostgreSQL 11; this project targets PostgreSQL 10 \(postgres.version\)$/
ALTER TABLE a ADD CONSTRAINT a_u UNIQUE (id) INCLUDE (day); -- want: syntax-error 9:46-9:53
ALTER TABLE a ADD COLUMN twice bigint GENERATED ALWAYS AS (id * 2) STORED; -- want: syntax-error 10:39-10:48
REINDEX INDEX CONCURRENTLY a_pkey; -- want: syntax-error 11:15-11:27
ALTER TABLE a ALTER COLUMN twice DROP EXPRESSION; -- want: syntax-error 12:34-12:49
ALTER TABLE m DETACH PARTITION m0 CONCURRENTLY; -- want: syntax-error 13:35-13:47
CREATE OR REPLACE TRIGGER t AFTER INSERT ON a FOR EACH ROW EXECUTE FUNCTION f(); -- want: syntax-error 14:8-14:18
MERGE INTO a USING b ON a.id = b.id WHEN MATCHED THEN DELETE; -- want: syntax-error 15:1-15:6
CREATE UNIQUE INDEX a_day ON a (day) NULLS NOT DISTINCT; -- want: syntax-error 16:38-16:56
ALTER TABLE a SET ACCESS METHOD heap2; -- want: syntax-error 17:15-17:32
DROP DATABASE old WITH (FORCE); -- want: syntax-error 18:25-18:30
ALTER TABLE a ALTER COLUMN id SET INCREMENT BY 2;
