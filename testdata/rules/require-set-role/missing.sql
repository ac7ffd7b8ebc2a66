SET lock_timeout = '2s';
INSERT INTO t (id) VALUES (1); -- want: require-set-role 2:1-2:7
SET ROLE joe;
