import { netboxCableImportRoute } from "@/server/http/exchange-routes";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function POST(req: Request, { params }: { params: Promise<{ siteId: string }> }) {
  return netboxCableImportRoute(req, await params);
}
