CREATE TYPE order_status AS ENUM ('new', 'paid'); CREATE TABLE orders (id bigint PRIMARY KEY, status order_status);
-- fixture: existing above

DROP TYPE order_status; -- want: ban-drop-type 4:11-4:23
DROP TYPE IF EXISTS app.t1, -- want: ban-drop-type 5:21-5:27
  t2 CASCADE; -- want: ban-drop-type 6:3-6:5
DROP CAST (text AS integer); -- want: ban-drop-type 7:11-7:28
DROP OPERATOR === (integer, integer); -- want: ban-drop-type 8:15-8:37
DROP OPERATOR CLASS my_ops USING btree; -- want: ban-drop-type 9:21-9:39
DROP OPERATOR FAMILY IF EXISTS my_fam USING btree CASCADE; -- want: ban-drop-type 10:32-10:50

-- Negative: a type created earlier in this file, a domain (ban-drop-domain's).
CREATE TYPE tmp_pair AS (a int, b int);
DROP TYPE tmp_pair;
DROP DOMAIN some_domain;
