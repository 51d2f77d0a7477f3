import { siteExportRoute } from "@/server/http/exchange-routes";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function GET(req: Request, { params }: { params: Promise<{ siteId: string; document: string }> }) {
  return siteExportRoute(req, await params);
}
