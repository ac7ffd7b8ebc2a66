CREATE TABLE accounts (id bigint PRIMARY KEY);
CREATE VIEW active_accounts AS SELECT id FROM accounts;
-- fixture: existing above

CREATE OR REPLACE VIEW active_accounts AS SELECT id FROM accounts WHERE id > 0; -- want: ban-replace-view-function 5:1-5:39
CREATE OR REPLACE FUNCTION app.order_total(bigint) RETURNS numeric LANGUAGE sql AS 'SELECT 0'; -- want: ban-replace-view-function 6:1-6:43
CREATE OR REPLACE PROCEDURE archive() LANGUAGE sql AS 'SELECT 1'; -- want: ban-replace-view-function 7:1-7:36

-- Negative: plain CREATE, a view created earlier in this file.
CREATE VIEW recent AS SELECT 1 AS id;
CREATE OR REPLACE VIEW recent AS SELECT 2 AS id;
CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1';
