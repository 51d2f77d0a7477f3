ALTER TABLE "channel_judgements" ADD COLUMN "ports" uuid[] DEFAULT '{}'::uuid[] NOT NULL;--> statement-breakpoint
ALTER TABLE "channel_judgements" ADD COLUMN "title" text DEFAULT '' NOT NULL;--> statement-breakpoint
CREATE INDEX "channel_judgements_ports_gin" ON "channel_judgements" USING gin ("ports");