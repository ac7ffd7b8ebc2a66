-- The cases of Bytebase's INDEX_CREATE_CONCURRENTLY advisor test
-- (advisor-pg-test/index_create_concurrently.yaml), against its mock table.
CREATE TABLE tech_book (id int, name text, creator text);
-- fixture: existing above

create index on tech_book(id); -- want: INDEX_CREATE_CONCURRENTLY

create index concurrently on tech_book(id);

CREATE TABLE feed_subscription (
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  userId uuid NOT NULL,
  projectId uuid,
  CONSTRAINT PK_feed_subscription PRIMARY KEY (id)
);
CREATE INDEX IDX_feed_subscription_userId ON feed_subscription (userId);
