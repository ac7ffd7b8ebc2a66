-- fixture: setting number=5
INSERT INTO tech_book VALUES (1, 'a');
INSERT INTO tech_book VALUES (1, 'a'), (2, 'b'), (3, 'c'), (4, 'd'), (5, 'e'), (6, 'f'); -- want: insert-row-limit 3:1-3:22
INSERT INTO tech_book VALUES (1, 'a'), (2, 'b'), (3, 'c'), (4, 'd'), (5, 'e');
-- INSERT ... SELECT needs a live database: one note per file, on the first.
INSERT INTO tech_book SELECT * FROM tech_book; -- want: insert-row-limit 6:1-6:22
INSERT INTO tech_book SELECT * FROM tech_book;
