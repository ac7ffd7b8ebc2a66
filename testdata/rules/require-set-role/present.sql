SET lock_timeout = '2s';
SET SESSION ROLE joe;
SELECT * FROM t;
