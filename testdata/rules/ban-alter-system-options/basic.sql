ALTER SYSTEM SET timezone = 'UTC'; -- want: ban-alter-system-options 1:14-1:34
ALTER SYSTEM RESET search_path; -- want: ban-alter-system-options 2:14-2:31
ALTER SYSTEM RESET ALL; -- want: ban-alter-system-options 3:14-3:23

-- Negative: session and database settings.
SET timezone = 'UTC';
RESET search_path;
