INSERT INTO tech_book VALUES (1, '1'); -- want: insert-must-specify-column 1:1-1:22
insert into app.t select * from u; -- want: insert-must-specify-column 2:1-2:18
-- Negative.
INSERT INTO tech_book (id, name) VALUES (1, '1');
INSERT INTO tech_book DEFAULT VALUES;
INSERT INTO t (a) SELECT a FROM u;
