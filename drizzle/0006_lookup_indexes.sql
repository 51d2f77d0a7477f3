DROP INDEX "cables_site_label_idx";--> statement-breakpoint
DROP INDEX "channel_judgements_members_gin";--> statement-breakpoint
DROP INDEX "channel_judgements_ports_gin";--> statement-breakpoint
DROP INDEX "findings_port_ids_gin";--> statement-breakpoint
DROP INDEX "findings_rack_ids_gin";--> statement-breakpoint
CREATE INDEX "cables_site_label_c_idx" ON "cables" USING btree ("site_id",lower("label") collate "C","id");--> statement-breakpoint
CREATE INDEX "channel_judgements_members_gin" ON "channel_judgements" USING gin ("members") WITH (fastupdate=off);--> statement-breakpoint
CREATE INDEX "channel_judgements_ports_gin" ON "channel_judgements" USING gin ("ports") WITH (fastupdate=off);--> statement-breakpoint
CREATE INDEX "findings_port_ids_gin" ON "findings" USING gin ("port_ids") WITH (fastupdate=off);--> statement-breakpoint
CREATE INDEX "findings_rack_ids_gin" ON "findings" USING gin ("rack_ids") WITH (fastupdate=off);