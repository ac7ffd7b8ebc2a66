CREATE TABLE tech_book (id integer, name text, CONSTRAINT old_pk PRIMARY KEY (id, name));
CREATE INDEX old_index ON tech_book (id, name);
CREATE TABLE other (id int);
-- fixture: existing above
CREATE TABLE book (id int, name text, CONSTRAINT pk_book_id PRIMARY KEY (id));
CREATE TABLE book2 (id int, CONSTRAINT book2_key PRIMARY KEY (id)); -- want: primary-key-naming-convention 6:29-6:66
-- Column constraints with a name are checked too.
CREATE TABLE book3 (id int CONSTRAINT book3_pkey PRIMARY KEY); -- want: primary-key-naming-convention
CREATE TABLE book4 (id int CONSTRAINT pk_book4_id PRIMARY KEY);
-- Negative: unnamed keys get PostgreSQL's name.
CREATE TABLE book5 (id int PRIMARY KEY);
CREATE TABLE book6 (id int, PRIMARY KEY (id));
-- ALTER TABLE, including USING INDEX (columns from the index).
ALTER TABLE other ADD CONSTRAINT other_pk PRIMARY KEY (id); -- want: primary-key-naming-convention 14:19-14:59
ALTER TABLE tech_book DROP CONSTRAINT old_pk, ADD CONSTRAINT pk_tech_book_id_name PRIMARY KEY USING INDEX old_index;
ALTER TABLE tech_book ADD CONSTRAINT pk_tech_book PRIMARY KEY USING INDEX old_index; -- want: primary-key-naming-convention
