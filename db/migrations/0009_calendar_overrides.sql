CREATE TABLE "calendar_overrides" (
	"date" date PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"hours_start" integer,
	"hours_end" integer,
	"comment" text,
	"updated_by" uuid,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "calendar_overrides_type_check" CHECK ("calendar_overrides"."type" in ('day_off', 'working_day', 'short_day')),
	CONSTRAINT "calendar_overrides_hours_check" CHECK (("calendar_overrides"."hours_start" is null and "calendar_overrides"."hours_end" is null and "calendar_overrides"."type" <> 'short_day')
        or ("calendar_overrides"."type" <> 'day_off' and 0 <= "calendar_overrides"."hours_start" and "calendar_overrides"."hours_start" < "calendar_overrides"."hours_end" and "calendar_overrides"."hours_end" <= 1440))
);
