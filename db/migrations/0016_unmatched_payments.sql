CREATE TABLE "unmatched_payments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"source" text NOT NULL,
	"reference" text NOT NULL,
	"amount" bigint NOT NULL,
	"currency" text DEFAULT 'RUB' NOT NULL,
	"received_at" timestamp (3) with time zone NOT NULL,
	"payer_name" text,
	"payer_inn" text,
	"purpose" text,
	"invoice_number" text,
	"candidate_invoice_id" uuid,
	"reason" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"payment_id" uuid,
	"dismiss_reason" text,
	"comment" text,
	"decided_by_id" uuid,
	"decided_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "unmatched_payments" ADD CONSTRAINT "unmatched_payments_candidate_invoice_id_invoices_id_fk" FOREIGN KEY ("candidate_invoice_id") REFERENCES "public"."invoices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unmatched_payments" ADD CONSTRAINT "unmatched_payments_payment_id_payments_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."payments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "unmatched_payments_source_reference_key" ON "unmatched_payments" USING btree ("source","reference");--> statement-breakpoint
CREATE INDEX "unmatched_payments_status_idx" ON "unmatched_payments" USING btree ("status","created_at");