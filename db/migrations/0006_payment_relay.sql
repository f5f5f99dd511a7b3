ALTER TABLE "payments" ADD COLUMN "delivered_at" timestamp (3) with time zone;--> statement-breakpoint
-- payments stored before the relay existed were signalled on their request, or refused
UPDATE "payments" SET "delivered_at" = "created_at";--> statement-breakpoint
CREATE INDEX "orders_unstarted_idx" ON "orders" USING btree ("created_at") WHERE "orders"."version" = 0;--> statement-breakpoint
CREATE INDEX "payments_undelivered_idx" ON "payments" USING btree ("created_at") WHERE "payments"."delivered_at" is null;