CREATE TABLE author (id int PRIMARY KEY);
CREATE TABLE tech_book (id int, author_id int);
-- fixture: existing above
ALTER TABLE tech_book ADD CONSTRAINT fk_a FOREIGN KEY (author_id) REFERENCES author (id); -- want: disallow-foreign-key 4:23-4:89
CREATE TABLE book (id int, author_id int REFERENCES author (id)); -- want: disallow-foreign-key 5:42-5:64
CREATE TABLE book2 (id int, author_id int, FOREIGN KEY (author_id) REFERENCES author); -- want: disallow-foreign-key
ALTER TABLE tech_book ADD COLUMN editor_id int REFERENCES author; -- want: disallow-foreign-key
CREATE TABLE book3 (id int PRIMARY KEY, isbn text UNIQUE);
