-- An index the replay never saw belongs to an existing table: REINDEX
-- locks that table for the whole rebuild.
REINDEX INDEX public.my_index; -- want: require-statement-timeout 3:1-3:30
