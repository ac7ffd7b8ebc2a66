CREATE TABLE orders (id int);
-- fixture: existing above

-- Positive: the fix keeps the width.
CREATE TABLE a (id bigserial PRIMARY KEY, -- want: prefer-identity 5:20-5:29
  n serial, -- want: prefer-identity
  s smallserial); -- want: prefer-identity
ALTER TABLE orders ADD COLUMN seq serial8; -- want: prefer-identity

-- Negative: identity columns and plain integers.
CREATE TABLE b (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, n int);
