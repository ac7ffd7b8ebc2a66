-- fixture: pg-version=18
CREATE TABLE users (id bigint PRIMARY KEY, email text, name text, phone text);
ALTER TABLE users ADD CONSTRAINT users_phone_nn NOT NULL phone NOT VALID;
ALTER TABLE users VALIDATE CONSTRAINT users_phone_nn;
ALTER TABLE users ADD CONSTRAINT users_name_nn NOT NULL name NOT VALID;
-- fixture: existing above

-- Positive: on PostgreSQL 18 the advice is a NOT VALID not-null constraint; the range is exact after one.
ALTER TABLE users ADD CONSTRAINT users_x_nn NOT NULL id NOT VALID, ALTER COLUMN email SET NOT NULL; -- want: adding-not-nullable-field 9:68-9:99

-- Positive: SET NOT NULL validates a NOT VALID not-null constraint under ACCESS EXCLUSIVE.
ALTER TABLE users ALTER COLUMN name SET NOT NULL; -- want: adding-not-nullable-field 12:19-12:49

-- Negative: VALIDATE CONSTRAINT of a not-null constraint made the column NOT NULL.
ALTER TABLE users ALTER COLUMN phone SET NOT NULL;
