import { anonymous } from "../auth/actor";
import { getAppDatabase } from "../db/client";
import { completeOidcSignIn, oidcConfig, startOidcSignIn, type OidcPending } from "../services/accounts/oidc";
import { CLIENT_IP_HEADER, CSRF_COOKIE, OIDC_PENDING_COOKIE, SESSION_COOKIE, isSecureRequest, parseCookies, serializeCookie } from "./cookies";

/** The two HTTP endpoints of OIDC sign-in; src/app/api/auth/oidc/* only forwards to them. */
function origin(req: Request): string {
  const url = new URL(req.url);
  const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host") ?? url.host;
  const proto = req.headers.get("x-forwarded-proto")?.split(",")[0] ?? url.protocol.replace(":", "");
  return `${proto}://${host}`;
}

function redirect(to: string, cookies: string[] = []): Response {
  const headers = new Headers({ location: to });
  for (const c of cookies) headers.append("set-cookie", c);
  return new Response(null, { status: 303, headers });
}

export async function oidcLogin(req: Request): Promise<Response> {
  const config = oidcConfig();
  if (!config) return new Response("Single sign-on is not configured.", { status: 404 });
  const redirectUri = config.redirectUri ?? `${origin(req)}/api/auth/oidc/callback`;
  try {
    const { url, pending } = await startOidcSignIn(config, redirectUri);
    const secure = isSecureRequest(req.headers, req.url);
    return redirect(url, [serializeCookie(OIDC_PENDING_COOKIE, JSON.stringify(pending), { maxAge: 600, httpOnly: true, secure, sameSite: "Lax" })]);
  } catch (err) {
    return redirect(`/sign-in?error=${encodeURIComponent(`Single sign-on is unavailable: ${(err as Error).message}`)}`);
  }
}

export async function oidcCallback(req: Request): Promise<Response> {
  const config = oidcConfig();
  if (!config) return new Response("Single sign-on is not configured.", { status: 404 });
  const url = new URL(req.url);
  const secure = isSecureRequest(req.headers, req.url);
  const clearPending = serializeCookie(OIDC_PENDING_COOKIE, "", { maxAge: 0, httpOnly: true, secure, sameSite: "Lax" });
  const providerError = url.searchParams.get("error");
  if (providerError) return redirect(`/sign-in?error=${encodeURIComponent(`The identity provider refused: ${providerError}`)}`, [clearPending]);
  let pending: OidcPending;
  try {
    pending = JSON.parse(parseCookies(req.headers.get("cookie")).get(OIDC_PENDING_COOKIE) ?? "") as OidcPending;
  } catch {
    return redirect(`/sign-in?error=${encodeURIComponent("The single sign-on took too long or was started in another browser. Try again.")}`, [clearPending]);
  }
  try {
    const { db } = await getAppDatabase();
    const ctx = { db, actor: { ...anonymous, ip: req.headers.get(CLIENT_IP_HEADER) } };
    const session = await completeOidcSignIn(ctx, config, { code: url.searchParams.get("code") ?? "", state: url.searchParams.get("state") ?? "" }, pending);
    const maxAge = Math.floor((session.expiresAt.getTime() - Date.now()) / 1000);
    return redirect("/", [
      clearPending,
      serializeCookie(SESSION_COOKIE, session.token, { maxAge, httpOnly: true, secure, sameSite: "Lax" }),
      serializeCookie(CSRF_COOKIE, session.csrfToken, { maxAge, httpOnly: false, secure, sameSite: "Strict" }),
    ]);
  } catch (err) {
    return redirect(`/sign-in?error=${encodeURIComponent((err as Error).message)}`, [clearPending]);
  }
}
