-- Bytebase's COLUMN_DISALLOW_CHANGE_TYPE flags every type change; this rule
-- only the ones that rewrite. Its test statement, against its mock table:
-- the type is unchanged, so nothing is rewritten and nothing is reported.
CREATE TABLE tech_book (id int, name text, creator text);
-- fixture: existing above

ALTER TABLE tech_book ALTER COLUMN id SET DATA TYPE INTEGER;
ALTER TABLE tech_book ADD COLUMN c1 int;
