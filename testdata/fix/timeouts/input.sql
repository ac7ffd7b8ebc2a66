-- Two preludes inserted at the same place: one per pass.
ALTER TABLE users ADD COLUMN nickname text;
