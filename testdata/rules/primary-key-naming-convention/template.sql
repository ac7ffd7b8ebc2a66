-- fixture: setting format=^$|^{{table}}_pkey$
-- fixture: setting maxLength=20
CREATE TABLE users (id int, CONSTRAINT users_pkey PRIMARY KEY (id));
CREATE TABLE orders (id int, CONSTRAINT orders_pk PRIMARY KEY (id)); -- want: primary-key-naming-convention
CREATE TABLE line_items_archive (id int, CONSTRAINT line_items_archive_pkey PRIMARY KEY (id)); -- want: primary-key-naming-convention
