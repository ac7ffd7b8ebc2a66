-- fixture: setting number=5
INSERT INTO t VALUES (1);
UPDATE t SET id = 1; -- want: affected-row-limit 3:1-3:7
DELETE FROM t WHERE a > 1;
