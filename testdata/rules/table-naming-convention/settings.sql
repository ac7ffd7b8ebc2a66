-- fixture: setting format=^tbl_[a-z_]+$
-- fixture: setting maxLength=12
CREATE TABLE tbl_users (id int);
CREATE TABLE users (id int); -- want: table-naming-convention
-- Too long: its own finding.
CREATE TABLE tbl_user_accounts (id int); -- want: table-naming-convention
-- Both: two findings.
-- want: table-naming-convention
CREATE TABLE user_accounts_x (id int); -- want: table-naming-convention
