CREATE TABLE "component_types" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"built_in" boolean DEFAULT false NOT NULL,
	"cable_kind" text,
	"fiber" text,
	"families" text DEFAULT '' NOT NULL,
	"polarity" text,
	"application" text,
	"connector_count" integer DEFAULT 0 NOT NULL,
	"definition" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "component_types_kind_valid" CHECK ("component_types"."kind" in ('cable','module','transceiver')),
	CONSTRAINT "component_types_definition" CHECK ("component_types"."built_in" or "component_types"."definition" is not null)
);
--> statement-breakpoint
CREATE TABLE "devices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"site_id" uuid NOT NULL,
	"rack_id" uuid,
	"name" text NOT NULL,
	"role" text NOT NULL,
	"model" text DEFAULT '' NOT NULL,
	"label" text DEFAULT '' NOT NULL,
	"u_position" integer,
	"u_height" integer DEFAULT 1 NOT NULL,
	"face" text DEFAULT 'front' NOT NULL,
	"full_depth" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "devices_u_height_range" CHECK ("devices"."u_height" between 1 and 60),
	CONSTRAINT "devices_u_position_range" CHECK ("devices"."u_position" is null or "devices"."u_position" between 1 and 60),
	CONSTRAINT "devices_role_valid" CHECK ("devices"."role" in ('switch','server','router','panel','enclosure','other')),
	CONSTRAINT "devices_face_valid" CHECK ("devices"."face" in ('front','rear'))
);
--> statement-breakpoint
CREATE TABLE "module_bays" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"site_id" uuid NOT NULL,
	"device_id" uuid NOT NULL,
	"name" text NOT NULL,
	"position" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "modules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"site_id" uuid NOT NULL,
	"device_id" uuid NOT NULL,
	"bay_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"type_id" text,
	"label" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "modules_kind_valid" CHECK ("modules"."kind" in ('cassette','plate')),
	CONSTRAINT "modules_cassette_type" CHECK ("modules"."kind" <> 'cassette' or "modules"."type_id" is not null)
);
--> statement-breakpoint
CREATE TABLE "ports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"site_id" uuid NOT NULL,
	"device_id" uuid NOT NULL,
	"module_id" uuid,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"family" text,
	"key_type" text,
	"gender" text,
	"polish" text,
	"positions" integer,
	"cage" text,
	"module_port" text,
	"label" text DEFAULT '' NOT NULL,
	"ordinal" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "ports_kind_valid" CHECK ("ports"."kind" in ('transceiver','adapter')),
	CONSTRAINT "ports_adapter_family" CHECK ("ports"."kind" <> 'adapter' or ("ports"."family" is not null and "ports"."key_type" is not null))
);
--> statement-breakpoint
CREATE TABLE "transceivers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"site_id" uuid NOT NULL,
	"port_id" uuid NOT NULL,
	"type_id" text NOT NULL,
	"serial" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cable_plugs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"site_id" uuid NOT NULL,
	"cable_id" uuid NOT NULL,
	"connector" text NOT NULL,
	"port_id" uuid NOT NULL,
	"side" text NOT NULL,
	"family_mismatch_confirmed" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "cable_plugs_side_valid" CHECK ("cable_plugs"."side" in ('front','rear'))
);
--> statement-breakpoint
CREATE TABLE "cables" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"site_id" uuid NOT NULL,
	"type_id" text NOT NULL,
	"label" text DEFAULT '' NOT NULL,
	"colour" text DEFAULT '' NOT NULL,
	"length_m" double precision NOT NULL,
	"status" text DEFAULT 'installed' NOT NULL,
	"splices" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "cables_status_valid" CHECK ("cables"."status" in ('planned','installed','decommissioned')),
	CONSTRAINT "cables_length_range" CHECK ("cables"."length_m" >= 0 and "cables"."length_m" <= 100000),
	CONSTRAINT "cables_splices_range" CHECK ("cables"."splices" between 0 and 100)
);
--> statement-breakpoint
CREATE TABLE "channel_judgements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"site_id" uuid NOT NULL,
	"key" text NOT NULL,
	"members" uuid[] NOT NULL,
	"verdict" text NOT NULL,
	"fibers" integer NOT NULL,
	"errors" integer DEFAULT 0 NOT NULL,
	"warnings" integer DEFAULT 0 NOT NULL,
	"links" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "findings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"site_id" uuid NOT NULL,
	"channel_key" text,
	"code" text NOT NULL,
	"severity" text NOT NULL,
	"severity_rank" integer NOT NULL,
	"message" text NOT NULL,
	"port_ids" uuid[] NOT NULL,
	"rack_ids" uuid[] NOT NULL,
	"elements" jsonb NOT NULL,
	"figures" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "findings_severity_valid" CHECK ("findings"."severity" in ('error','warning','info'))
);
--> statement-breakpoint
ALTER TABLE "sites" ADD COLUMN "attenuation" text DEFAULT 'ISO' NOT NULL;--> statement-breakpoint
ALTER TABLE "sites" ADD COLUMN "mated_pair" text DEFAULT 'by-grade' NOT NULL;--> statement-breakpoint
ALTER TABLE "devices" ADD CONSTRAINT "devices_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "devices" ADD CONSTRAINT "devices_rack_id_racks_id_fk" FOREIGN KEY ("rack_id") REFERENCES "public"."racks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "module_bays" ADD CONSTRAINT "module_bays_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "module_bays" ADD CONSTRAINT "module_bays_device_id_devices_id_fk" FOREIGN KEY ("device_id") REFERENCES "public"."devices"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "modules" ADD CONSTRAINT "modules_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "modules" ADD CONSTRAINT "modules_device_id_devices_id_fk" FOREIGN KEY ("device_id") REFERENCES "public"."devices"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "modules" ADD CONSTRAINT "modules_bay_id_module_bays_id_fk" FOREIGN KEY ("bay_id") REFERENCES "public"."module_bays"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "modules" ADD CONSTRAINT "modules_type_id_component_types_id_fk" FOREIGN KEY ("type_id") REFERENCES "public"."component_types"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ports" ADD CONSTRAINT "ports_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ports" ADD CONSTRAINT "ports_device_id_devices_id_fk" FOREIGN KEY ("device_id") REFERENCES "public"."devices"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ports" ADD CONSTRAINT "ports_module_id_modules_id_fk" FOREIGN KEY ("module_id") REFERENCES "public"."modules"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transceivers" ADD CONSTRAINT "transceivers_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transceivers" ADD CONSTRAINT "transceivers_port_id_ports_id_fk" FOREIGN KEY ("port_id") REFERENCES "public"."ports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transceivers" ADD CONSTRAINT "transceivers_type_id_component_types_id_fk" FOREIGN KEY ("type_id") REFERENCES "public"."component_types"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cable_plugs" ADD CONSTRAINT "cable_plugs_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cable_plugs" ADD CONSTRAINT "cable_plugs_cable_id_cables_id_fk" FOREIGN KEY ("cable_id") REFERENCES "public"."cables"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cable_plugs" ADD CONSTRAINT "cable_plugs_port_id_ports_id_fk" FOREIGN KEY ("port_id") REFERENCES "public"."ports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cables" ADD CONSTRAINT "cables_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cables" ADD CONSTRAINT "cables_type_id_component_types_id_fk" FOREIGN KEY ("type_id") REFERENCES "public"."component_types"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "channel_judgements" ADD CONSTRAINT "channel_judgements_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "findings" ADD CONSTRAINT "findings_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "component_types_kind_idx" ON "component_types" USING btree ("kind","built_in");--> statement-breakpoint
CREATE UNIQUE INDEX "devices_site_name_unique" ON "devices" USING btree ("site_id",lower("name"));--> statement-breakpoint
CREATE INDEX "devices_rack_idx" ON "devices" USING btree ("rack_id","u_position");--> statement-breakpoint
CREATE INDEX "devices_name_search_idx" ON "devices" USING btree ("site_id",lower("name") text_pattern_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "module_bays_device_name_unique" ON "module_bays" USING btree ("device_id",lower("name"));--> statement-breakpoint
CREATE UNIQUE INDEX "modules_bay_unique" ON "modules" USING btree ("bay_id");--> statement-breakpoint
CREATE INDEX "modules_device_idx" ON "modules" USING btree ("device_id");--> statement-breakpoint
CREATE INDEX "modules_type_idx" ON "modules" USING btree ("type_id");--> statement-breakpoint
CREATE UNIQUE INDEX "ports_device_name_unique" ON "ports" USING btree ("device_id",lower("name"));--> statement-breakpoint
CREATE INDEX "ports_module_idx" ON "ports" USING btree ("module_id");--> statement-breakpoint
CREATE INDEX "ports_device_ordinal_idx" ON "ports" USING btree ("device_id","ordinal");--> statement-breakpoint
CREATE INDEX "ports_label_search_idx" ON "ports" USING btree ("site_id",lower("label") text_pattern_ops) WHERE "ports"."label" <> '';--> statement-breakpoint
CREATE UNIQUE INDEX "transceivers_port_unique" ON "transceivers" USING btree ("port_id");--> statement-breakpoint
CREATE INDEX "transceivers_type_idx" ON "transceivers" USING btree ("type_id");--> statement-breakpoint
CREATE UNIQUE INDEX "cable_plugs_connector_unique" ON "cable_plugs" USING btree ("cable_id","connector");--> statement-breakpoint
CREATE UNIQUE INDEX "cable_plugs_port_side_unique" ON "cable_plugs" USING btree ("port_id","side");--> statement-breakpoint
CREATE INDEX "cables_site_label_idx" ON "cables" USING btree ("site_id",lower("label") text_pattern_ops);--> statement-breakpoint
CREATE INDEX "cables_site_created_idx" ON "cables" USING btree ("site_id","created_at","id");--> statement-breakpoint
CREATE INDEX "cables_type_idx" ON "cables" USING btree ("type_id");--> statement-breakpoint
CREATE UNIQUE INDEX "channel_judgements_site_key_unique" ON "channel_judgements" USING btree ("site_id","key");--> statement-breakpoint
CREATE INDEX "channel_judgements_members_gin" ON "channel_judgements" USING gin ("members");--> statement-breakpoint
CREATE INDEX "channel_judgements_site_verdict_idx" ON "channel_judgements" USING btree ("site_id","verdict");--> statement-breakpoint
CREATE INDEX "findings_site_order_idx" ON "findings" USING btree ("site_id","severity_rank","code","id");--> statement-breakpoint
CREATE INDEX "findings_port_ids_gin" ON "findings" USING gin ("port_ids");--> statement-breakpoint
CREATE INDEX "findings_rack_ids_gin" ON "findings" USING gin ("rack_ids");--> statement-breakpoint
CREATE INDEX "racks_name_search_idx" ON "racks" USING btree ("site_id",lower("name") text_pattern_ops);--> statement-breakpoint
ALTER TABLE "sites" ADD CONSTRAINT "sites_attenuation_valid" CHECK ("sites"."attenuation" in ('ISO','TIA'));--> statement-breakpoint
ALTER TABLE "sites" ADD CONSTRAINT "sites_mated_pair_valid" CHECK ("sites"."mated_pair" in ('by-grade','standard','low-loss'));