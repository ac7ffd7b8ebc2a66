CREATE TABLE t (id int); -- want: create-specify-schema 1:14-1:15
CREATE INDEX t_id_idx ON t (id); -- want: create-specify-schema 2:26-2:27
CREATE SEQUENCE seq1; -- want: create-specify-schema 3:17-3:21
CREATE OR REPLACE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1'; -- want: create-specify-schema 4:28-4:29
CREATE TRIGGER trg AFTER INSERT ON t FOR EACH ROW EXECUTE FUNCTION public.f(); -- want: create-specify-schema 5:36-5:37
CREATE EXTENSION IF NOT EXISTS pgcrypto; -- want: create-specify-schema 6:32-6:40
-- Negative.
CREATE TABLE public.t (id int);
CREATE INDEX t_id_idx ON public.t (id);
CREATE SEQUENCE app.seq1;
CREATE FUNCTION public.f() RETURNS int LANGUAGE sql AS 'SELECT 1';
CREATE EXTENSION pgcrypto WITH SCHEMA extensions;
CREATE TEMP TABLE scratch (id int);
