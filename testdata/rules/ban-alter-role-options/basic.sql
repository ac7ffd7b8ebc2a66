ALTER ROLE app_user NOLOGIN; -- want: ban-alter-role-options 1:21-1:28
ALTER USER app_user WITH CONNECTION LIMIT 5 VALID UNTIL 'infinity'; -- want: ban-alter-role-options 2:21-2:67
ALTER ROLE app_user SET search_path TO public; -- want: ban-alter-role-options 3:21-3:46
ALTER ROLE ALL RESET search_path; -- want: ban-alter-role-options 4:16-4:33
ALTER ROLE app_user IN DATABASE app SET statement_timeout = '5s'; -- want: ban-alter-role-options 5:21-5:65

-- Negative: rename, group membership (ban-revoke's), CREATE ROLE.
ALTER ROLE app_user RENAME TO app_service;
ALTER GROUP writers ADD USER app_user;
ALTER GROUP writers DROP USER app_user;
CREATE ROLE reporting NOLOGIN;
