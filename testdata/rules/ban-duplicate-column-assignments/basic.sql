-- Positive: the range is the repeated column.
UPDATE users SET status = 'a', status = 'b' WHERE id = 1; -- want: ban-duplicate-column-assignments 2:32-2:38
INSERT INTO users (id, email, id) VALUES (1, 'x', 2); -- want: ban-duplicate-column-assignments 3:31-3:33
UPDATE users SET (a, b) = (1, 2), a = 3; -- want: ban-duplicate-column-assignments

-- Negative: different array elements, different columns.
UPDATE users SET tags[1] = 'a', tags[2] = 'b';
UPDATE users SET a = 1, b = 2;
INSERT INTO users (id, email) VALUES (1, 'x');
