CREATE TABLE orders (
    id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id  bigint NOT NULL,
    total    numeric(12, 2) NOT NULL,
    placed_at timestamp NOT NULL
);

-- users already holds data: this blocks writes to it while the index builds.
CREATE INDEX users_created_at_idx ON users (created_at);
