CREATE TABLE tech_book (id int);
-- fixture: existing above
CREATE TABLE t (a int);
CREATE TABLE m (a int, at date) PARTITION BY RANGE (at); -- want: disallow-partitioned-table 4:33-4:56
CREATE TABLE m1 PARTITION OF m FOR VALUES FROM ('2024-01-01') TO ('2025-01-01'); -- want: disallow-partitioned-table
ALTER TABLE tech_book ATTACH PARTITION p1 DEFAULT; -- want: disallow-partitioned-table 6:23-6:50
ALTER TABLE tech_book DETACH PARTITION p1;
