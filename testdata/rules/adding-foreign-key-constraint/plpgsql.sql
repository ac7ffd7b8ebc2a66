-- The usual guard around a foreign key: the ALTER inside the DO block adds
-- it to an existing table and is reviewed like a top-level statement.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'orders_user_fk') THEN
    ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id); -- want: adding-foreign-key-constraint
  END IF;
END $$;
