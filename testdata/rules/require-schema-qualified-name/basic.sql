CREATE TABLE tech_book (id int);
-- fixture: existing above
CREATE TABLE public.pokes (foo int);
CREATE TABLE pokesv2 (foo int); -- want: require-schema-qualified-name 4:14-4:21
CREATE SEQUENCE seq; -- want: require-schema-qualified-name
CREATE SEQUENCE public.seq2;
CREATE INDEX idx ON tech_book (id); -- want: require-schema-qualified-name 7:21-7:30
CREATE TRIGGER trg
AFTER INSERT ON pokes -- want: require-schema-qualified-name 9:17-9:22
FOR EACH ROW EXECUTE FUNCTION f();
DROP TABLE public.a, b; -- want: require-schema-qualified-name 11:22-11:23
DROP TRIGGER trg ON public.pokes;
ALTER TABLE tech_book ADD COLUMN x int; -- want: require-schema-qualified-name
ALTER TABLE tech_book RENAME TO tb; -- want: require-schema-qualified-name
INSERT INTO tb (id) VALUES (1); -- want: require-schema-qualified-name
UPDATE public.tb SET id = 2;
UPDATE tb SET id = 2; -- want: require-schema-qualified-name
-- SELECT: only tables the schema knows, and not CTEs.
SELECT * FROM (SELECT id FROM tb) AS foo; -- want: require-schema-qualified-name 19:31-19:33
WITH tb2 AS (SELECT * FROM public.tb) SELECT * FROM tb2;
SELECT * FROM unknown_thing;
