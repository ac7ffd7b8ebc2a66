-- Negative: a file that runs as one transaction rolls back as a whole.
CREATE TABLE t (id int);
CREATE INDEX t_idx ON t (id);
DROP TABLE old;
