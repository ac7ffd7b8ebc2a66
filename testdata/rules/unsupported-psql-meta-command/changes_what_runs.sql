-- Every meta-command whose effect apply would skip is reported, over its arguments.
CREATE TABLE audit_log (id bigint PRIMARY KEY, entry text);
-- want: unsupported-psql-meta-command 4:1-4:19
\connect reporting
-- want: unsupported-psql-meta-command 6:1-6:19
\c reporting alice
-- want: unsupported-psql-meta-command 8:1-8:18
\i seed/users.sql
-- want: unsupported-psql-meta-command 10:1-10:18
\ir seed/more.sql
-- want: unsupported-psql-meta-command 12:1-12:24
\include seed/users.sql
-- want: unsupported-psql-meta-command 14:1-14:32
\include_relative seed/more.sql
-- want: unsupported-psql-meta-command 16:39-16:45
SELECT format('VACUUM %I', tablename) \gexec
-- want: unsupported-psql-meta-command 18:1-18:37
\copy audit_log FROM 'audit.csv' CSV
-- want: unsupported-psql-meta-command 20:1-20:22
\! ./load-fixtures.sh
SELECT count(*) FROM audit_log
-- want: unsupported-psql-meta-command 23:1-23:9
\watch 5
-- want: unsupported-psql-meta-command 25:1-25:24
\lo_import '/tmp/x.bin'
-- want: unsupported-psql-meta-command 27:1-27:17
\lo_unlink 16401
