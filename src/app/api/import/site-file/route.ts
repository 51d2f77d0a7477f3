import { siteFileImportRoute } from "@/server/http/exchange-routes";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";
export const POST = siteFileImportRoute;
