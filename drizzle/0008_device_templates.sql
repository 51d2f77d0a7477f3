CREATE TABLE "device_templates" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"manufacturer" text DEFAULT '' NOT NULL,
	"model" text DEFAULT '' NOT NULL,
	"role" text NOT NULL,
	"u_height" integer DEFAULT 1 NOT NULL,
	"bays" text[] DEFAULT '{}'::text[] NOT NULL,
	"ports" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"source" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "device_templates_role_valid" CHECK ("device_templates"."role" in ('switch','panel')),
	CONSTRAINT "device_templates_u_height" CHECK ("device_templates"."u_height" between 1 and 60)
);
