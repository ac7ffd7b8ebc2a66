ALTER TABLE accounts DROP COLUMN name;

UPDATE accounts SET id = id + 1;

COMMIT;

ALTER TABLE accounts ADD COLUMN;
