-- sqlreview:txmode file
-- Negative: the directive makes the file one transaction.
CREATE TEMP TABLE scratch (id int);
