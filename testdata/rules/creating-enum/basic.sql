-- Positive: the range runs through ENUM.
CREATE TYPE order_status AS ENUM ('new', 'paid'); -- want: creating-enum 2:1-2:33
CREATE TYPE app.mood AS ENUM (); -- want: creating-enum

-- Negative: other types.
CREATE TYPE pair AS (a int, b int);
CREATE DOMAIN d AS int;
ALTER TYPE order_status ADD VALUE 'shipped';
