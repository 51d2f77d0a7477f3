import { auditExportRoute } from "@/server/http/export-routes";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";
export const GET = auditExportRoute;
