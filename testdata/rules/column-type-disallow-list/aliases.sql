-- fixture: setting list=[integer, varchar, money]
CREATE TABLE t (a int4); -- want: column-type-disallow-list
CREATE TABLE t2 (a character varying(20)); -- want: column-type-disallow-list
CREATE TABLE t3 (a bigint, b text, c numeric);
CREATE TABLE t4 (a money); -- want: column-type-disallow-list
