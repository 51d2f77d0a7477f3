import { createContext } from "../api/context";
import { getAppDatabase } from "../db/client";
import { ServiceError } from "../services/errors";
import { getWorkOrder } from "../services/plans/get-work-order";
import { workOrderPdf } from "../services/plans/work-order-pdf";

const STATUS: Record<string, number> = { UNAUTHORIZED: 401, FORBIDDEN: 403, NOT_FOUND: 404, INVALID: 400 };

/** This server's address as the browser reached it, for the steps' QR codes. */
function origin(req: Request): string {
  const url = new URL(req.url);
  const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host") ?? url.host;
  const proto = req.headers.get("x-forwarded-proto") ?? url.protocol.replace(":", "");
  return `${proto.split(",")[0]!.trim()}://${host.split(",")[0]!.trim()}`;
}

/** GET /work/<planId>/pdf: the work order as a PDF, each step with its labels and QR code. */
export async function workOrderPdfRoute(req: Request, { params }: { params: Promise<{ planId: string }> }): Promise<Response> {
  const { planId } = await params;
  const { db } = await getAppDatabase();
  const ctx = await createContext({ db, headers: req.headers, url: req.url });
  try {
    const order = await getWorkOrder(ctx, { id: planId });
    const base = origin(req);
    const pdf = await workOrderPdf(order, (n) => `${base}/work/${planId}/step/${n}`);
    const name = order.plan.name.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 60) || "plan";
    return new Response(new Uint8Array(pdf), {
      headers: { "content-type": "application/pdf", "content-disposition": `inline; filename="work-order-${name}.pdf"`, "cache-control": "no-store" },
    });
  } catch (err) {
    if (err instanceof ServiceError) return Response.json({ error: { message: err.message, fields: err.fields } }, { status: STATUS[err.code] ?? 400 });
    if (err && typeof err === "object" && "issues" in err) return Response.json({ error: { message: "Not a valid plan id." } }, { status: 404 });
    throw err;
  }
}
