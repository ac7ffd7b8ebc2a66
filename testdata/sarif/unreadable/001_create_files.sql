CREATE TABLE files (id bigint PRIMARY KEY, added_at timestamp);
