-- sqlreview:ignore-file prefer-bigint-over-int -- ids stay below 2^31 by contract
CREATE TABLE things (
    id     int PRIMARY KEY,
    legacy text
);
