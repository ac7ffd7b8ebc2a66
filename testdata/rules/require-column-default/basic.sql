CREATE TABLE tech_book (id int);
-- fixture: existing above
CREATE TABLE t (
  a int not null, -- want: require-column-default 4:3-4:17
  b text, -- want: require-column-default
  primary key (a)
);
CREATE TABLE t2 (a serial primary key, b int default 1, c bigint GENERATED ALWAYS AS IDENTITY, d int GENERATED ALWAYS AS (b * 2) STORED);
ALTER TABLE tech_book ADD COLUMN x timestamp; -- want: require-column-default 9:23-9:45
ALTER TABLE tech_book ADD COLUMN y timestamptz DEFAULT now();
