-- fixture: pg-version=11
ALTER TYPE mood ADD VALUE 'meh'; -- want: non-transactional-statement
