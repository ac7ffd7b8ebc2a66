SET lock_timeout = '2s'; -- want: require-set-role
SET statement_timeout = '5s';
