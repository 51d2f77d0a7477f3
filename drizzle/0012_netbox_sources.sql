CREATE TABLE "netbox_sources" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"site_id" uuid NOT NULL,
	"netbox_slug" text NOT NULL,
	"last_source" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "netbox_sources" ADD CONSTRAINT "netbox_sources_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "netbox_sources_site_unique" ON "netbox_sources" USING btree ("site_id");--> statement-breakpoint
CREATE UNIQUE INDEX "netbox_sources_slug_unique" ON "netbox_sources" USING btree (lower("netbox_slug"));