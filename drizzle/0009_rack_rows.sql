CREATE TABLE "rack_rows" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"site_id" uuid NOT NULL,
	"room_id" uuid NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "racks" ADD COLUMN "row_id" uuid;--> statement-breakpoint
ALTER TABLE "rack_rows" ADD CONSTRAINT "rack_rows_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rack_rows" ADD CONSTRAINT "rack_rows_room_id_rooms_id_fk" FOREIGN KEY ("room_id") REFERENCES "public"."rooms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "rack_rows_room_name_unique" ON "rack_rows" USING btree ("room_id",lower("name"));--> statement-breakpoint
CREATE INDEX "rack_rows_site_idx" ON "rack_rows" USING btree ("site_id");--> statement-breakpoint
ALTER TABLE "racks" ADD CONSTRAINT "racks_row_id_rack_rows_id_fk" FOREIGN KEY ("row_id") REFERENCES "public"."rack_rows"("id") ON DELETE set null ON UPDATE no action;