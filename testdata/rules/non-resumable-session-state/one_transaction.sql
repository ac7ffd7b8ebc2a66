-- Negative: the file runs in one transaction, so a rerun starts over.
CREATE TEMP TABLE scratch (id int);
PREPARE q AS SELECT 1;
LISTEN jobs;
CREATE INDEX t_x ON t (x);
