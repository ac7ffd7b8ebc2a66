CREATE TABLE t (a INT, PRIMARY KEY (a));
CREATE TABLE t2 (
        a int,
        PRIMARY KEY (a, a)); -- want: index-no-duplicate-column 4:9-4:27
CREATE INDEX idx_a ON t (a, a); -- want: index-no-duplicate-column 5:1-5:31
ALTER TABLE t ADD CONSTRAINT uk_a UNIQUE (a, a); -- want: index-no-duplicate-column 6:15-6:48
ALTER TABLE t ADD CONSTRAINT fk_a FOREIGN KEY (a, a) REFERENCES t1 (a, b); -- want: index-no-duplicate-column
CREATE INDEX idx_b ON t (a, lower(b), b);
