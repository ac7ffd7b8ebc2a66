-- fixture: setting maxLength=10
CREATE TABLE t (short_name int, a_rather_long_name int); -- want: column-naming-convention 2:33-2:51
