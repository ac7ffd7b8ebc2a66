CREATE TABLE countries (id int);
-- fixture: existing above

-- Positive: the range is the type; the fix writes text.
CREATE TABLE c (code char(2) PRIMARY KEY, -- want: ban-char-field 5:22-5:29
  flag character(1)[], -- want: ban-char-field 6:8-6:22
  x bpchar); -- want: ban-char-field
ALTER TABLE countries ADD COLUMN code CHARACTER (3); -- want: ban-char-field
ALTER TABLE countries ALTER COLUMN code TYPE char(4); -- want: ban-char-field

-- Negative: varchar, text, the internal "char" type.
CREATE TABLE d (a varchar(2), b text, c "char", d character varying(3));
