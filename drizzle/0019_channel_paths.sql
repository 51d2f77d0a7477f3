CREATE TABLE "channel_paths" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"site_id" uuid NOT NULL,
	"key" text NOT NULL,
	"members" uuid[] NOT NULL,
	"ports" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"digest" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
DROP INDEX "channel_judgements_members_gin";--> statement-breakpoint
DROP INDEX "channel_judgements_ports_gin";--> statement-breakpoint
ALTER TABLE "channel_paths" ADD CONSTRAINT "channel_paths_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Each stored channel's ports move to its path row. The digests covered the whole old row: cleared,
-- so the next whole-site judgement writes both rows of every channel once (a null digest is never kept).
-- Copied before the path's indexes are built: one sort each, not an index entry at a time.
INSERT INTO "channel_paths" ("site_id", "key", "members", "ports", "created_at", "updated_at")
  SELECT "site_id", "key", "members", "ports", "created_at", "updated_at" FROM "channel_judgements";--> statement-breakpoint
UPDATE "channel_judgements" SET "digest" = NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "channel_paths_site_key_unique" ON "channel_paths" USING btree ("site_id","key");--> statement-breakpoint
CREATE INDEX "channel_paths_members_gin" ON "channel_paths" USING gin ("members") WITH (fastupdate=off);--> statement-breakpoint
CREATE INDEX "channel_paths_ports_gin" ON "channel_paths" USING gin ("ports") WITH (fastupdate=off);--> statement-breakpoint
ALTER TABLE "channel_judgements" DROP COLUMN "members";--> statement-breakpoint
ALTER TABLE "channel_judgements" DROP COLUMN "ports";