-- The default limit is Bytebase's 1000.
INSERT INTO t (a) VALUES (1), (2), (3), (4), (5), (6);
