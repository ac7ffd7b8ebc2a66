-- Negative: CREATE INDEX CONCURRENTLY with other statements and no
-- directive is refused for another reason (it must be atomic), and adding
-- the directive brings this rule in.
PREPARE q AS SELECT 1;
CREATE INDEX CONCURRENTLY t_x ON t (x);
