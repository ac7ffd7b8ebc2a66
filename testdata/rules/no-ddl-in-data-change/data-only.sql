SET ROLE role1;
UPDATE tech_book SET id = 1 WHERE id = 1;
DELETE FROM tech_book WHERE id = 2;
