CREATE TABLE "product_settings" (
	"gemeentecode" text NOT NULL,
	"product" text NOT NULL,
	"delivery_channel" text NOT NULL,
	"endpoint_url" text,
	"certificate_fingerprint" text,
	"notification_emails" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"stuf_version" text NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "product_settings_gemeentecode_product_pk" PRIMARY KEY("gemeentecode","product")
);
--> statement-breakpoint
CREATE TABLE "wlz_lookups" (
	"id" text PRIMARY KEY NOT NULL,
	"gemeentecode" text NOT NULL,
	"actor" text NOT NULL,
	"purpose" text NOT NULL,
	"bsn_hash" text NOT NULL,
	"outcome" text,
	"register_date" date,
	"requested_at" timestamp with time zone NOT NULL,
	"answered_at" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "wlz_lookups_gemeentecode_requested_idx" ON "wlz_lookups" USING btree ("gemeentecode","requested_at");