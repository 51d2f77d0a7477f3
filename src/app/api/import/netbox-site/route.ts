import { netboxSiteImportRoute } from "@/server/http/exchange-routes";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function POST(req: Request) {
  return netboxSiteImportRoute(req);
}
