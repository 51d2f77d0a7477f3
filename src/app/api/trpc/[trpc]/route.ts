import { handleTrpcRequest } from "@/server/api/http-handler";
import { getAppDatabase } from "@/server/db/client";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

async function handler(req: Request) {
  const { db } = await getAppDatabase();
  return handleTrpcRequest(req, db, (path, error) => console.error(`[ferrule] tRPC ${path ?? "?"} failed:`, error));
}

export { handler as GET, handler as POST };
