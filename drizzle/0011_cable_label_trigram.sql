CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE INDEX "cables_label_trgm_idx" ON "cables" USING gin (lower("label") gin_trgm_ops);
