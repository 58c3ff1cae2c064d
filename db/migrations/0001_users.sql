CREATE TABLE "rate_limits" (
	"key" text PRIMARY KEY NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"count" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"user_key" text PRIMARY KEY NOT NULL,
	"gemeentecode" text NOT NULL,
	"subject" text NOT NULL,
	"organisation_id" text NOT NULL,
	"status" text NOT NULL,
	"aanhef" text,
	"voorletters" text,
	"voornaam" text,
	"tussenvoegsel" text,
	"achternaam" text,
	"afdeling" text,
	"telefoonnummer" text,
	"email" text,
	"nieuwsbrief" boolean DEFAULT false NOT NULL,
	"roles" jsonb NOT NULL,
	"registered_at" timestamp with time zone NOT NULL,
	"settings_saved_at" timestamp with time zone,
	"code_issued_at" timestamp with time zone,
	"code_expires_at" timestamp with time zone,
	"code_issued_by" text,
	"verified_at" timestamp with time zone,
	"rejection_reason" text,
	"suspended_at" timestamp with time zone,
	"deprovisioned_at" timestamp with time zone,
	"version" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "users_gemeentecode_status_idx" ON "users" USING btree ("gemeentecode","status");--> statement-breakpoint
CREATE UNIQUE INDEX "users_gemeentecode_subject_key" ON "users" USING btree ("gemeentecode","subject");