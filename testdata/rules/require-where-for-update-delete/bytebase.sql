-- Cases from Bytebase's statement_where_require_update_delete.yaml.
DELETE FROM t1; -- want: require-where-for-update-delete 2:1-2:15
UPDATE t1 SET a = 1; -- want: require-where-for-update-delete 3:1-3:10
DELETE FROM t1 WHERE a > 0;
UPDATE t1 SET a = 1 WHERE a > 10;
