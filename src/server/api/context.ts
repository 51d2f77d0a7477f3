import { anonymous, type Actor } from "../auth/actor";
import type { Db } from "../db/client";
import { CLIENT_IP_HEADER, CSRF_COOKIE, CSRF_HEADER, SESSION_COOKIE, isSecureRequest, parseCookies, serializeCookie } from "../http/cookies";
import { resolveApiToken } from "../services/accounts/api-tokens";
import { resolveSession, SESSION_DAYS } from "../services/accounts/sessions";
import { sameSecret } from "../auth/secrets";
import { maxReplyBytes, publicOrigins } from "../config";
import type { ReplyBudget } from "./reply-size";

export interface Context {
  db: Db;
  actor: Actor;
  /** How the caller proved who it is; CSRF checks apply to cookie sessions only. */
  via: "session" | "token" | "none";
  /** For a cookie session: whether this request carries the session's CSRF token. */
  csrfValid: boolean;
  /** Whether the request's Origin (when sent) is this server's own. */
  sameOrigin: boolean;
  sessionToken: string | null;
  user: { id: string; email: string; name: string } | null;
  /** What this request's replies may still take (a batch shares one budget). */
  reply: ReplyBudget;
  setSession(token: string, csrfToken: string, expiresAt: Date): void;
  clearSession(): void;
}

/** Whether a request's Origin is this server: the Host the request was sent to, or one of the
 *  addresses in FERRULE_PUBLIC_URL (set it behind a proxy that rewrites Host). `X-Forwarded-Host`
 *  is not trusted: any client can send it. */
export function originMatches(headers: Headers, allowed: readonly string[] = publicOrigins()): boolean {
  const origin = headers.get("origin");
  if (!origin) return true; // same-origin fetches without Origin (older browsers), server callers
  try {
    const url = new URL(origin);
    return url.host === headers.get("host") || allowed.includes(url.origin);
  } catch {
    return false;
  }
}

/** Builds the tRPC context from a request: a Bearer API token, or the session cookie, or nobody. */
export async function createContext(opts: { db: Db; headers: Headers; url?: string; resHeaders?: Headers }): Promise<Context> {
  const { db, headers, resHeaders } = opts;
  const ip = headers.get(CLIENT_IP_HEADER);
  const cookies = parseCookies(headers.get("cookie"));
  const secure = isSecureRequest(headers, opts.url);
  const base = {
    db,
    sameOrigin: originMatches(headers),
    reply: { limit: maxReplyBytes(), used: 0 },
    setSession(token: string, csrfToken: string, expiresAt: Date) {
      const maxAge = Math.floor((expiresAt.getTime() - Date.now()) / 1000);
      resHeaders?.append("set-cookie", serializeCookie(SESSION_COOKIE, token, { maxAge, httpOnly: true, secure, sameSite: "Lax" }));
      resHeaders?.append("set-cookie", serializeCookie(CSRF_COOKIE, csrfToken, { maxAge, httpOnly: false, secure, sameSite: "Strict" }));
    },
    clearSession() {
      resHeaders?.append("set-cookie", serializeCookie(SESSION_COOKIE, "", { maxAge: 0, httpOnly: true, secure, sameSite: "Lax" }));
      resHeaders?.append("set-cookie", serializeCookie(CSRF_COOKIE, "", { maxAge: 0, httpOnly: false, secure, sameSite: "Strict" }));
    },
  };

  const authorization = headers.get("authorization");
  if (authorization?.toLowerCase().startsWith("bearer ")) {
    const actor = await resolveApiToken({ db }, authorization.slice(7).trim(), ip);
    // A wrong token is anonymous: procedures then answer 401, never fall back to the cookie.
    return { ...base, actor: actor ?? { ...anonymous, ip }, via: actor ? "token" : "none", csrfValid: false, sessionToken: null, user: null };
  }

  const token = cookies.get(SESSION_COOKIE);
  if (token) {
    const session = await resolveSession({ db }, token, ip);
    if (session) {
      const sent = headers.get(CSRF_HEADER) ?? "";
      return { ...base, actor: session.actor, via: "session", csrfValid: sameSecret(sent, session.csrfToken), sessionToken: token, user: session.user };
    }
  }
  return { ...base, actor: { ...anonymous, ip }, via: "none", csrfValid: false, sessionToken: null, user: null };
}

export { SESSION_DAYS };
