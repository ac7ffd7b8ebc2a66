CREATE TABLE sessions (id bigint PRIMARY KEY);
-- fixture: existing above

-- Positive: one finding per table, on its name.
TRUNCATE sessions; -- want: ban-truncate 5:10-5:18
TRUNCATE TABLE public.sessions, -- want: ban-truncate 6:16-6:31
  "Cache"; -- want: ban-truncate 7:3-7:10

-- Negative: CASCADE is ban-truncate-cascade's concern; tables created in this file.
TRUNCATE sessions CASCADE;
CREATE TABLE scratch (id int);
TRUNCATE scratch;
DELETE FROM sessions WHERE id < 10;
