CREATE TABLE task (id serial PRIMARY KEY);
CREATE TABLE task_run (id serial PRIMARY KEY, task_id int NOT NULL);
ALTER TABLE task_run ADD CONSTRAINT task_run_task_fk FOREIGN KEY (task_id) REFERENCES task (id); -- want: add-foreign-key-not-valid 3:22-3:96
ALTER TABLE orders ADD FOREIGN KEY (customer_id) REFERENCES customers; -- want: add-foreign-key-not-valid
-- Negative: NOT VALID, inline foreign keys, other constraints.
ALTER TABLE task_run ADD CONSTRAINT task_run_task_fk2 FOREIGN KEY (task_id) REFERENCES task (id) NOT VALID;
CREATE TABLE step (id int PRIMARY KEY, task_id int REFERENCES task);
ALTER TABLE task_run ADD CONSTRAINT c CHECK (task_id > 0);
