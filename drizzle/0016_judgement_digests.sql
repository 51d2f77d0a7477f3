ALTER TABLE "channel_judgements" ADD COLUMN "digest" text;--> statement-breakpoint
ALTER TABLE "findings" ADD COLUMN "digest" text;