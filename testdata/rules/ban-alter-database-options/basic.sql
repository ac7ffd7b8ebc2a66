ALTER DATABASE app SET search_path TO public; -- want: ban-alter-database-options 1:20-1:45
ALTER DATABASE app WITH CONNECTION LIMIT 20; -- want: ban-alter-database-options 2:20-2:44
ALTER DATABASE app RESET ALL; -- want: ban-alter-database-options 3:20-3:29
ALTER DATABASE app ALLOW_CONNECTIONS false; -- want: ban-alter-database-options 4:20-4:43

-- Negative: rename, owner, tablespace.
ALTER DATABASE app RENAME TO app_old;
ALTER DATABASE app OWNER TO admin;
ALTER DATABASE app SET TABLESPACE fast_disk;
