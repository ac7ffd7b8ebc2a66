CREATE DOMAIN email_address AS text;
-- fixture: existing above

DROP DOMAIN email_address; -- want: ban-drop-domain 4:13-4:26
-- One finding per domain; IF EXISTS and CASCADE are still reported.
DROP DOMAIN IF EXISTS app.d1, -- want: ban-drop-domain 6:23-6:29
  "Quoted Domain" CASCADE; -- want: ban-drop-domain 7:3-7:18

-- Negative: a domain created earlier in this file, other drops.
CREATE DOMAIN tmp_amount AS numeric;
DROP DOMAIN tmp_amount;
DROP TYPE some_type;
