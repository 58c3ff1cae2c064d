CREATE TABLE "message_fetches" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"message_id" text NOT NULL,
	"gemeentecode" text NOT NULL,
	"fetched_by" text NOT NULL,
	"fetched_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "message_files" (
	"id" text PRIMARY KEY NOT NULL,
	"gemeentecode" text NOT NULL,
	"file_name" text NOT NULL,
	"sha256" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"content" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "messages" (
	"id" text PRIMARY KEY NOT NULL,
	"workflow_id" text NOT NULL,
	"gemeentecode" text NOT NULL,
	"product" text NOT NULL,
	"message_code" text NOT NULL,
	"direction" text NOT NULL,
	"role" text NOT NULL,
	"identificatie" text NOT NULL,
	"identificatie_retour" text,
	"counterparty" text NOT NULL,
	"file_id" text NOT NULL,
	"file_name" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"state" text NOT NULL,
	"due_at" timestamp with time zone,
	"retour_codes" jsonb,
	"answered_by" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"references" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"uploaded_by" text,
	"received_at" timestamp with time zone NOT NULL,
	"delivered_at" timestamp with time zone,
	"version" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "message_fetches_message_idx" ON "message_fetches" USING btree ("message_id","fetched_at");--> statement-breakpoint
CREATE INDEX "message_files_gemeentecode_idx" ON "message_files" USING btree ("gemeentecode");--> statement-breakpoint
CREATE INDEX "messages_gemeentecode_received_idx" ON "messages" USING btree ("gemeentecode","received_at");--> statement-breakpoint
CREATE INDEX "messages_workflow_idx" ON "messages" USING btree ("workflow_id");--> statement-breakpoint
CREATE UNIQUE INDEX "messages_sent_identification_key" ON "messages" USING btree ("gemeentecode","message_code","identificatie") WHERE direction = 'uit' and role <> 'retour';--> statement-breakpoint
CREATE UNIQUE INDEX "messages_received_identification_key" ON "messages" USING btree ("gemeentecode","counterparty","message_code","identificatie") WHERE direction = 'in' and role <> 'retour';