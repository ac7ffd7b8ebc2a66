-- Dropped and created again in the same file: no finding.
DROP FUNCTION on_pipeline_delete();
CREATE FUNCTION on_pipeline_delete() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN OLD; END $$;
DROP FUNCTION gone(int); -- want: ban-drop-function 4:15-4:24
