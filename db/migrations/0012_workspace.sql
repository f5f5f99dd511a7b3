CREATE TABLE "invitations" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"employee_id" uuid NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp (3) with time zone NOT NULL,
	"used_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"employee_id" uuid,
	"csrf_token" text NOT NULL,
	"locale" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "employees" ADD COLUMN "password_hash" text;--> statement-breakpoint
ALTER TABLE "employees" ADD COLUMN "locale" text;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_employee_id_employees_id_fk" FOREIGN KEY ("employee_id") REFERENCES "public"."employees"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_employee_id_employees_id_fk" FOREIGN KEY ("employee_id") REFERENCES "public"."employees"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "invitations_employee_idx" ON "invitations" USING btree ("employee_id");--> statement-breakpoint
CREATE INDEX "sessions_employee_idx" ON "sessions" USING btree ("employee_id");--> statement-breakpoint
CREATE INDEX "sessions_expires_idx" ON "sessions" USING btree ("expires_at");--> statement-breakpoint
-- Hand-written below this line: live updates for the workspace. Every change of an order or of one of its
-- tasks wakes the pages that show it (web/live.ts LISTENs). PostgreSQL folds equal payloads of one
-- transaction into one notification, so a step that touches many rows of one order wakes each page once.
CREATE OR REPLACE FUNCTION notify_order_changed() RETURNS trigger AS $$
BEGIN
  -- plpgsql resolves every field a statement names, so each table gets its own branch
  IF TG_TABLE_NAME = 'orders' THEN
    PERFORM pg_notify('order_changed', NEW.id::text);
  ELSE
    PERFORM pg_notify('order_changed', NEW.order_id::text);
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER orders_notify_changed AFTER INSERT OR UPDATE ON "orders" FOR EACH ROW EXECUTE FUNCTION notify_order_changed();
--> statement-breakpoint
CREATE TRIGGER tasks_notify_changed AFTER INSERT OR UPDATE ON "tasks" FOR EACH ROW EXECUTE FUNCTION notify_order_changed();
