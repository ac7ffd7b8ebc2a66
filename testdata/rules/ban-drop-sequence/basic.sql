CREATE SEQUENCE invoice_numbers;
-- fixture: existing above

DROP SEQUENCE invoice_numbers; -- want: ban-drop-sequence 4:15-4:30
DROP SEQUENCE IF EXISTS app.s1, -- want: ban-drop-sequence 5:25-5:31
  s2 CASCADE; -- want: ban-drop-sequence 6:3-6:5

-- Negative: a sequence created earlier in this file, other statements.
CREATE SEQUENCE tmp_ids;
DROP SEQUENCE tmp_ids;
ALTER SEQUENCE invoice_numbers RESTART;
