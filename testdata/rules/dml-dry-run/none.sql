CREATE TABLE t (id int);
SELECT * FROM t;
