-- fixture: enable maximum-limit-value
-- fixture: setting number=10
SELECT * FROM t LIMIT 11; -- want: maximum-limit-value 3:23-3:25
SELECT * FROM t LIMIT 10;
