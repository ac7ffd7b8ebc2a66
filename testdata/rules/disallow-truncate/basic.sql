TRUNCATE TABLE techbook; -- want: disallow-truncate 1:16-1:24
TRUNCATE a, -- want: disallow-truncate 2:10-2:11
  public.b; -- want: disallow-truncate 3:3-3:11
TRUNCATE ONLY techbook RESTART IDENTITY CASCADE; -- want: disallow-truncate
CREATE TABLE tech_book (id int);
TRUNCATE TABLE tech_book; -- want: disallow-truncate
-- Negative.
DELETE FROM techbook WHERE id = 1;
SELECT 'TRUNCATE TABLE foo' AS x;
