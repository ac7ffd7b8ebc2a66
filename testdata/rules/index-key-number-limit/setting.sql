-- fixture: setting number=2
CREATE INDEX i ON t (a, b);
CREATE INDEX j ON t (a, b, lower(c)); -- want: index-key-number-limit
