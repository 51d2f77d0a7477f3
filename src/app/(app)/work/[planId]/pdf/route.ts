import { workOrderPdfRoute } from "@/server/http/work-order-route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";
export const GET = workOrderPdfRoute;
