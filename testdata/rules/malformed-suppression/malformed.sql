-- fixture: enable ban-drop-column
-- No reason: still suppresses, but is reported.
-- want: malformed-suppression 4:1-4:36
-- sqlreview:ignore ban-drop-column
ALTER TABLE users DROP COLUMN legacy;

-- Unknown rule name: reported, and suppresses nothing.
-- want: malformed-suppression 9:1-9:60
-- sqlreview:ignore ban-drop-colum -- typo in the rule name
ALTER TABLE users DROP COLUMN other; -- want: ban-drop-column

-- No rule at all.
-- sqlreview:ignore -- want: malformed-suppression
SELECT 1;

-- Peer names work (postgres-language-server's name here).
-- sqlreview:ignore banDropColumn -- PGLS name
ALTER TABLE users DROP COLUMN third;

-- Not a directive: a different word.
-- sqlreview:ignored ban-drop-column
SELECT 2;
