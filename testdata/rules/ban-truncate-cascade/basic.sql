-- Positive: the range is the CASCADE keyword.
TRUNCATE customers CASCADE; -- want: ban-truncate-cascade 2:20-2:27
TRUNCATE TABLE ONLY a, b RESTART IDENTITY CASCADE; -- want: ban-truncate-cascade

-- Negative: RESTRICT (the default), no option.
TRUNCATE customers RESTRICT;
TRUNCATE customers, orders;
