-- fixture: assume-in-transaction=true
-- Negative: the whole file is one transaction.
CREATE TABLE invoices (id bigint PRIMARY KEY);
DROP TABLE legacy_payments;
