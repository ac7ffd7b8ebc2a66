-- +goose Up
-- Negative: the BEGIN is ignored inside goose's transaction, which goose commits
-- (transaction-nesting reports the BEGIN).
BEGIN;
ALTER TABLE users ADD COLUMN nickname text;
