CREATE INDEX "ports_site_idx" ON "ports" USING btree ("site_id");--> statement-breakpoint
CREATE INDEX "cable_plugs_site_idx" ON "cable_plugs" USING btree ("site_id");--> statement-breakpoint
CREATE INDEX "findings_site_channel_idx" ON "findings" USING btree ("site_id","channel_key");