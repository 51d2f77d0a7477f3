ALTER TABLE "plans" DROP CONSTRAINT "plans_status_valid";--> statement-breakpoint
ALTER TABLE "audit_events" ADD COLUMN "plan_step" integer;--> statement-breakpoint
ALTER TABLE "plan_steps" ADD COLUMN "result" jsonb;--> statement-breakpoint
ALTER TABLE "plans" ADD COLUMN "continues_plan_id" uuid;--> statement-breakpoint
ALTER TABLE "plans" ADD CONSTRAINT "plans_continues_plan_id_plans_id_fk" FOREIGN KEY ("continues_plan_id") REFERENCES "public"."plans"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
-- Plans applied before steps were carried out one by one changed the plant when applied: they are done.
UPDATE "plans" SET "status" = 'completed' WHERE "status" = 'applied';--> statement-breakpoint
ALTER TABLE "plans" ADD CONSTRAINT "plans_status_valid" CHECK ("plans"."status" in ('draft','submitted','approved','in_progress','completed','stopped','rejected','abandoned'));