/** Cookie names and attributes in one place, for the tRPC context, the pages and the tests. */
export const SESSION_COOKIE = "ferrule_session";
/** Readable by the page's script, which echoes it in the CSRF header on every mutation. */
export const CSRF_COOKIE = "ferrule_csrf";
export const CSRF_HEADER = "x-csrf-token";
/** Set by the server entry from the socket's address, overwriting any value a client sent. */
export const CLIENT_IP_HEADER = "x-ferrule-client-ip";

export function parseCookies(header: string | null | undefined): Map<string, string> {
  const jar = new Map<string, string>();
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    try {
      jar.set(name, decodeURIComponent(part.slice(eq + 1).trim()));
    } catch {
      // a malformed cookie is ignored, not an error
    }
  }
  return jar;
}

export function serializeCookie(name: string, value: string, opts: { maxAge: number; httpOnly: boolean; secure: boolean; sameSite: "Lax" | "Strict" }): string {
  return [
    `${name}=${encodeURIComponent(value)}`,
    "Path=/",
    `Max-Age=${opts.maxAge}`,
    `SameSite=${opts.sameSite}`,
    opts.httpOnly ? "HttpOnly" : "",
    opts.secure ? "Secure" : "",
  ]
    .filter(Boolean)
    .join("; ");
}

/** Cookies are Secure whenever the request came over HTTPS (directly or through a proxy that says so),
 *  or always when FERRULE_SECURE_COOKIES=1. */
export function isSecureRequest(headers: Headers, url?: string): boolean {
  if (process.env.FERRULE_SECURE_COOKIES === "1") return true;
  if (headers.get("x-forwarded-proto")?.split(",")[0]?.trim() === "https") return true;
  return url?.startsWith("https:") ?? false;
}

/** Holds the OIDC state, nonce and PKCE verifier between the redirect to the provider and the return. */
export const OIDC_PENDING_COOKIE = "ferrule_oidc";
