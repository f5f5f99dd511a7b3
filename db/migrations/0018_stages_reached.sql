CREATE TABLE "stages_reached" (
	"stage" text NOT NULL,
	"order_id" uuid NOT NULL,
	CONSTRAINT "stages_reached_stage_order_id_pk" PRIMARY KEY("stage","order_id")
);
--> statement-breakpoint
DROP INDEX "orders_stage_idx";--> statement-breakpoint
ALTER TABLE "stages_reached" ADD CONSTRAINT "stages_reached_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "orders_stage_idx" ON "orders" USING btree ("stage","created_at","id");--> statement-breakpoint
-- the stages orders entered before this table existed, from their timelines
INSERT INTO "stages_reached" ("stage", "order_id") SELECT DISTINCT "data"->>'to', "order_id" FROM "timeline" WHERE "type" = 'stage_changed' AND "data"->>'to' IS NOT NULL ON CONFLICT DO NOTHING;
