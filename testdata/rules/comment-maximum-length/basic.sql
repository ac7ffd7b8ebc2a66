-- fixture: setting number=20
comment on column public.name is 'is a column name';
comment on column public.name is 'is a  to long column name'; -- want: comment-maximum-length 3:34-3:61
COMMENT ON TABLE public IS 'is a table name';
COMMENT ON FUNCTION f() IS 'is a  to long function comment'; -- want: comment-maximum-length
COMMENT ON TABLE t IS NULL;
