-- Cheaper notifications (issue 11, the benchmark's profile): the same wake-ups, fewer calls and round trips.
--
-- 1. The live-update triggers of 0012 ran a plpgsql function for every row of orders and tasks. Now one call
--    per statement, with the statement's rows as a transition table: one pg_notify per order it touched.
--    PostgreSQL allows a transition table only on a one-event trigger, so INSERT and UPDATE get one each.
CREATE OR REPLACE FUNCTION notify_orders_changed() RETURNS trigger AS $$
BEGIN
  PERFORM pg_notify('order_changed', id::text) FROM (SELECT DISTINCT id FROM changed) AS touched;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION notify_tasks_changed() RETURNS trigger AS $$
BEGIN
  PERFORM pg_notify('order_changed', order_id::text) FROM (SELECT DISTINCT order_id FROM changed) AS touched;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
DROP TRIGGER IF EXISTS orders_notify_changed ON "orders";
--> statement-breakpoint
DROP TRIGGER IF EXISTS tasks_notify_changed ON "tasks";
--> statement-breakpoint
DROP FUNCTION IF EXISTS notify_order_changed();
--> statement-breakpoint
CREATE TRIGGER orders_notify_inserted AFTER INSERT ON "orders" REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION notify_orders_changed();
--> statement-breakpoint
CREATE TRIGGER orders_notify_updated AFTER UPDATE ON "orders" REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION notify_orders_changed();
--> statement-breakpoint
CREATE TRIGGER tasks_notify_inserted AFTER INSERT ON "tasks" REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION notify_tasks_changed();
--> statement-breakpoint
CREATE TRIGGER tasks_notify_updated AFTER UPDATE ON "tasks" REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION notify_tasks_changed();
--> statement-breakpoint
-- 2. The outbox's wake-up (db/queries/outbox.ts OUTBOX_CHANNEL) was a separate `select pg_notify(...)` after
--    each step's insert: a round trip per step. Raised here by the insert itself, once per statement and only
--    when a row waits to be sent (a step whose recipients have no address queues only `skipped` rows).
CREATE OR REPLACE FUNCTION notify_outbox() RETURNS trigger AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM queued WHERE status = 'pending') THEN
    PERFORM pg_notify('notification_outbox', '');
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER notifications_notify_queued AFTER INSERT ON "notifications" REFERENCING NEW TABLE AS queued FOR EACH STATEMENT EXECUTE FUNCTION notify_outbox();
--> statement-breakpoint
-- 3. The date overrides are cached by each worker (activities/calendar.ts); a change tells them to read again.
CREATE OR REPLACE FUNCTION notify_calendar_changed() RETURNS trigger AS $$
BEGIN
  PERFORM pg_notify('calendar_changed', '');
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER calendar_overrides_notify_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "calendar_overrides" FOR EACH STATEMENT EXECUTE FUNCTION notify_calendar_changed();
