CREATE FUNCTION touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN NEW.updated_at := now(); RETURN NEW; END$$;
CREATE FUNCTION app.audit() RETURNS TRIGGER LANGUAGE plpgsql AS $$BEGIN RETURN NULL; END$$;
CREATE FUNCTION on_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$BEGIN END$$;
CREATE FUNCTION order_total(bigint) RETURNS numeric LANGUAGE sql AS 'SELECT 0';
-- fixture: existing above

-- Negative: only triggers call a trigger function.
DROP FUNCTION touch_updated_at();
DROP FUNCTION IF EXISTS app.audit;
DROP FUNCTION on_ddl();
-- Positive: application code calls the others.
DROP FUNCTION order_total(bigint); -- want: ban-drop-function 12:15-12:34
DROP FUNCTION audit(); -- want: ban-drop-function 13:15-13:22
