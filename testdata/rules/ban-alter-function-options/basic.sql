ALTER FUNCTION f() SECURITY DEFINER; -- want: ban-alter-function-options 1:20-1:36
ALTER PROCEDURE app.p(integer, text) SET search_path TO private; -- want: ban-alter-function-options 2:38-2:64
ALTER ROUTINE f RESET ALL; -- want: ban-alter-function-options 3:17-3:26
ALTER FUNCTION g(numeric(10, 2)) IMMUTABLE STRICT LEAKPROOF; -- want: ban-alter-function-options 4:34-4:60

-- Negative: rename, owner, schema move, extension dependency.
ALTER FUNCTION f() RENAME TO f2;
ALTER FUNCTION f() OWNER TO admin;
ALTER FUNCTION f() SET SCHEMA other;
ALTER FUNCTION f() DEPENDS ON EXTENSION hstore;
