ALTER TABLE "message_files" ADD COLUMN "claim" text;--> statement-breakpoint
CREATE UNIQUE INDEX "message_files_claim_key" ON "message_files" USING btree ("gemeentecode","claim");