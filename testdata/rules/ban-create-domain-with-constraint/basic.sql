-- Positive: the range is the CHECK constraint.
CREATE DOMAIN email AS text CHECK (VALUE LIKE '%@%'); -- want: ban-create-domain-with-constraint 2:29-2:53
CREATE DOMAIN code AS text NOT NULL CONSTRAINT code_len CHECK (length(VALUE) = 3); -- want: ban-create-domain-with-constraint

-- Negative: no CHECK.
CREATE DOMAIN plain AS text;
CREATE DOMAIN nn AS int NOT NULL DEFAULT 0;
