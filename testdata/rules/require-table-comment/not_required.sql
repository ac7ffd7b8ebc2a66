-- fixture: setting required=false
CREATE TABLE t (a int);
