CREATE TABLE author (id int PRIMARY KEY);
CREATE TABLE tech_book (id int PRIMARY KEY, author_id int);
-- fixture: existing above
ALTER TABLE tech_book ADD CONSTRAINT fk_tech_book_author_id_author_id FOREIGN KEY (author_id) REFERENCES author (id);
ALTER TABLE tech_book ADD CONSTRAINT fk_author_id FOREIGN KEY (author_id) REFERENCES author (id); -- want: foreign-key-naming-convention 5:23-5:97
-- REFERENCES without columns names the primary key.
ALTER TABLE tech_book ADD CONSTRAINT fk_tech_book_author_id_author_id FOREIGN KEY (author_id) REFERENCES author;
ALTER TABLE tech_book ADD COLUMN editor_id int CONSTRAINT fk_editor REFERENCES author (id); -- want: foreign-key-naming-convention
CREATE TABLE book (
  id int,
  author_id int CONSTRAINT fk_book_author_id REFERENCES author (id) -- want: foreign-key-naming-convention
);
CREATE TABLE book2 (id int, author_id int CONSTRAINT fk_book2_author_id_author_id REFERENCES author (id));
-- Negative: unnamed.
CREATE TABLE book3 (id int, author_id int REFERENCES author (id));
-- Renames of a foreign key.
ALTER TABLE tech_book RENAME CONSTRAINT fk_tech_book_author_id_author_id TO fk_x; -- want: foreign-key-naming-convention
