import { oidcCallback } from "@/server/http/oidc-routes";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";
export const GET = oidcCallback;
