CREATE TABLE events (
    id         bigint PRIMARY KEY,
    created_at timestamp NOT NULL
);
