START TRANSACTION;
CREATE TABLE tech_book (id int, name varchar(255));
COMMIT; -- want: disallow-commit 3:1-3:7
BEGIN;
INSERT INTO tech_book (id, name) VALUES (1, 'book');
END; -- want: disallow-commit 6:1-6:4
-- Negative: ROLLBACK, SAVEPOINT.
BEGIN;
SAVEPOINT s;
ROLLBACK TO SAVEPOINT s;
ROLLBACK;
