-- fixture: runner=psql
-- Negative: a file of one statement commits or rolls back as a whole.
CREATE TABLE invoices (id bigint PRIMARY KEY);
