CREATE DOMAIN email AS text;
CREATE DOMAIN app.code AS text;
-- fixture: existing above

-- Positive: the range covers ADD CONSTRAINT through the CHECK.
ALTER DOMAIN email ADD CONSTRAINT email_has_at CHECK (VALUE LIKE '%@%'); -- want: ban-alter-domain-with-add-constraint 6:20-6:72

-- Positive: unnamed constraint, NOT NULL (validated too), unknown domain.
ALTER DOMAIN email ADD CHECK (length(VALUE) < 300); -- want: ban-alter-domain-with-add-constraint
ALTER DOMAIN email ADD NOT NULL; -- want: ban-alter-domain-with-add-constraint
ALTER DOMAIN unknown_domain ADD CONSTRAINT c CHECK (VALUE > 0); -- want: ban-alter-domain-with-add-constraint

-- Negative: NOT VALID, VALIDATE, other subcommands.
ALTER DOMAIN email ADD CONSTRAINT email_short CHECK (length(VALUE) < 300) NOT VALID;
ALTER DOMAIN email VALIDATE CONSTRAINT email_short;
ALTER DOMAIN email DROP CONSTRAINT email_short;
ALTER DOMAIN email SET DEFAULT '';

-- Negative: a domain created earlier in this file.
CREATE DOMAIN positive AS int;
ALTER DOMAIN positive ADD CONSTRAINT positive_check CHECK (VALUE > 0);
