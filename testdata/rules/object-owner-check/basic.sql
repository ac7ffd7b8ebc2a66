SELECT 1;
CREATE TABLE public.t (id int); -- want: object-owner-check 2:1-2:7
CREATE SCHEMA s1;
