import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { maxBatch } from "../config";
import type { Db } from "../db/client";
import { RateLimited } from "../services/errors";
import { createContext } from "./context";
import { appRouter } from "./root";

const ENDPOINT = "/api/trpc";

/** How many calls a batch request (`?batch=1`, paths joined by commas) carries. */
export function batchSize(url: URL): number {
  if (url.searchParams.get("batch") !== "1") return 1;
  const at = url.pathname.indexOf(`${ENDPOINT}/`);
  const paths = at < 0 ? "" : decodeURIComponent(url.pathname.slice(at + ENDPOINT.length + 1));
  return paths.split(",").length;
}

const NO_STORE = { "cache-control": "no-store" };

/**
 * Serves /api/trpc: a batch of more than FERRULE_MAX_BATCH calls is refused whole with 400 naming
 * the limit (before any context or procedure runs); every reply says `Cache-Control: no-store` (it
 * holds what one signed-in caller may see) and a throttled one carries `Retry-After`.
 */
export async function handleTrpcRequest(req: Request, db: Db, onInternalError?: (path: string | undefined, error: unknown) => void): Promise<Response> {
  const url = new URL(req.url);
  const limit = maxBatch();
  const calls = batchSize(url);
  if (calls > limit) {
    const message = `A batch may hold at most ${limit} calls; this one has ${calls}. Send fewer calls per request (FERRULE_MAX_BATCH sets the limit).`;
    const one = { json: { message, code: -32600, data: { code: "BAD_REQUEST", httpStatus: 400, fieldErrors: null } } };
    return Response.json(
      Array.from({ length: Math.min(calls, 1000) }, () => ({ error: one })),
      { status: 400, headers: NO_STORE },
    );
  }
  return fetchRequestHandler({
    endpoint: ENDPOINT,
    req,
    router: appRouter,
    maxBatchSize: limit,
    createContext: ({ resHeaders }) => createContext({ db, headers: req.headers, url: req.url, resHeaders }),
    responseMeta({ errors }) {
      const retry = errors.map((e) => e.cause).find((c): c is RateLimited => c instanceof RateLimited);
      return { headers: retry ? { ...NO_STORE, "retry-after": String(Math.max(1, Math.ceil(retry.retryAfterSeconds))) } : NO_STORE };
    },
    onError({ error, path }) {
      if (error.code === "INTERNAL_SERVER_ERROR") onInternalError?.(path, error.cause ?? error);
    },
  });
}
