import { createHash, randomBytes } from "node:crypto";
import { and, eq, isNull, sql } from "drizzle-orm";
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from "jose";
import { ROLES, type Role } from "../../auth/actor";
import { newSecret, sha256 } from "../../auth/secrets";
import { roleGrants, users } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import type { ServiceContext } from "../context";
import { ServiceError } from "../errors";
import { inTransaction } from "../tx";
import { openSession, SESSION_DAYS } from "./sessions";

/**
 * Optional sign-in through an OpenID Connect provider (authorization code flow with PKCE), enabled by:
 *   FERRULE_OIDC_ISSUER          https://login.example.com/realms/dc  (its /.well-known/openid-configuration is read)
 *   FERRULE_OIDC_CLIENT_ID       the client registered for Ferrule
 *   FERRULE_OIDC_CLIENT_SECRET   its secret (omit for a public client)
 *   FERRULE_OIDC_REDIRECT_URI    default: <this server>/api/auth/oidc/callback
 *   FERRULE_OIDC_DEFAULT_ROLE    role given to an account created on first OIDC sign-in (default: none,
 *                                an admin grants it); one of viewer, editor, approver, admin
 *   FERRULE_OIDC_LABEL           the button's text (default "Sign in with single sign-on")
 */
export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string | null;
  redirectUri: string | null;
  defaultRole: Role | null;
  label: string;
}

export function oidcConfig(env: Record<string, string | undefined> = process.env): OidcConfig | null {
  const issuer = env.FERRULE_OIDC_ISSUER?.trim();
  const clientId = env.FERRULE_OIDC_CLIENT_ID?.trim();
  if (!issuer || !clientId) return null;
  const role = env.FERRULE_OIDC_DEFAULT_ROLE?.trim();
  if (role && !(ROLES as readonly string[]).includes(role)) throw new Error(`FERRULE_OIDC_DEFAULT_ROLE must be one of ${ROLES.join(", ")}`);
  return {
    issuer: issuer.replace(/\/$/, ""),
    clientId,
    clientSecret: env.FERRULE_OIDC_CLIENT_SECRET?.trim() || null,
    redirectUri: env.FERRULE_OIDC_REDIRECT_URI?.trim() || null,
    defaultRole: (role as Role) || null,
    label: env.FERRULE_OIDC_LABEL?.trim() || "Sign in with single sign-on",
  };
}

interface Discovery {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  jwks_uri: string;
}

const discoveries = new Map<string, Promise<Discovery>>();
function discover(issuer: string): Promise<Discovery> {
  let found = discoveries.get(issuer);
  if (!found) {
    found = fetch(`${issuer}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(10_000) }).then(async (res) => {
      if (!res.ok) throw new Error(`OIDC discovery at ${issuer} answered ${res.status}`);
      return (await res.json()) as Discovery;
    });
    found.catch(() => discoveries.delete(issuer));
    discoveries.set(issuer, found);
  }
  return found;
}

const jwksByUri = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

/** What the browser carries between the redirect to the provider and the way back (HttpOnly cookie). */
export interface OidcPending {
  state: string;
  nonce: string;
  verifier: string;
  redirectUri: string;
}

export async function startOidcSignIn(config: OidcConfig, redirectUri: string): Promise<{ url: string; pending: OidcPending }> {
  const meta = await discover(config.issuer);
  const pending: OidcPending = { state: newSecret(), nonce: newSecret(), verifier: randomBytes(32).toString("base64url"), redirectUri };
  const url = new URL(meta.authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: "code",
    client_id: config.clientId,
    redirect_uri: redirectUri,
    scope: "openid email profile",
    state: pending.state,
    nonce: pending.nonce,
    code_challenge: createHash("sha256").update(pending.verifier).digest("base64url"),
    code_challenge_method: "S256",
  }).toString();
  return { url: url.toString(), pending };
}

/** Exchanges the code, verifies the ID token (signature, issuer, audience, expiry, nonce), finds or
 *  creates the account and opens a session. */
export async function completeOidcSignIn(ctx: ServiceContext, config: OidcConfig, params: { code: string; state: string }, pending: OidcPending) {
  if (!params.code || params.state !== pending.state) throw new ServiceError("UNAUTHORIZED", "The single sign-on answer does not match this browser's request. Try again.");
  const meta = await discover(config.issuer);
  const body = new URLSearchParams({ grant_type: "authorization_code", code: params.code, redirect_uri: pending.redirectUri, client_id: config.clientId, code_verifier: pending.verifier });
  const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded", accept: "application/json" };
  if (config.clientSecret) headers.authorization = `Basic ${Buffer.from(`${encodeURIComponent(config.clientId)}:${encodeURIComponent(config.clientSecret)}`).toString("base64")}`;
  const res = await fetch(meta.token_endpoint, { method: "POST", headers, body, signal: AbortSignal.timeout(10_000) });
  const tokens = (await res.json().catch(() => ({}))) as { id_token?: string; error?: string };
  if (!res.ok || !tokens.id_token) throw new ServiceError("UNAUTHORIZED", `The identity provider refused the sign-in${tokens.error ? ` (${tokens.error})` : ""}.`);

  let jwks = jwksByUri.get(meta.jwks_uri);
  if (!jwks) jwksByUri.set(meta.jwks_uri, (jwks = createRemoteJWKSet(new URL(meta.jwks_uri))));
  let claims: JWTPayload & { nonce?: string; email?: string; email_verified?: boolean; name?: string; preferred_username?: string };
  try {
    ({ payload: claims } = await jwtVerify(tokens.id_token, jwks, { issuer: meta.issuer, audience: config.clientId }));
  } catch (err) {
    throw new ServiceError("UNAUTHORIZED", `The identity provider's token is not valid (${(err as Error).message}).`);
  }
  if (claims.nonce !== pending.nonce) throw new ServiceError("UNAUTHORIZED", "The identity provider's token was not issued for this sign-in.");
  if (!claims.sub) throw new ServiceError("UNAUTHORIZED", "The identity provider's token names no subject.");
  const subject = `${meta.issuer}|${claims.sub}`;
  const email = claims.email?.toLowerCase();

  return inTransaction(ctx, async (tx) => {
    let [user] = await tx.db.select().from(users).where(eq(users.oidcSubject, subject));
    if (!user && email && claims.email_verified === true) {
      // Link an existing password account with the same, provider-verified, email.
      [user] = await tx.db.update(users).set({ oidcSubject: subject, updatedAt: new Date() }).where(and(eq(sql`lower(${users.email})`, email), isNull(users.oidcSubject))).returning();
    }
    if (!user) {
      if (!email) throw new ServiceError("UNAUTHORIZED", "The identity provider did not share an email address for this account.");
      const [taken] = await tx.db.select({ id: users.id }).from(users).where(eq(sql`lower(${users.email})`, email));
      if (taken) {
        throw new ServiceError("CONFLICT", `An account for ${email} already exists and the identity provider has not verified this email, so they are not linked. Sign in with your password.`);
      }
      [user] = await tx.db
        .insert(users)
        .values({ email, name: claims.name ?? claims.preferred_username ?? email, oidcSubject: subject })
        .returning();
      if (config.defaultRole) await tx.db.insert(roleGrants).values({ userId: user!.id, siteId: null, role: config.defaultRole });
      await recordAudit({ ...tx, actor: { ...tx.actor, userId: user!.id, label: email } }, { action: "user.create", objectType: "user", objectId: user!.id, after: { email, via: "oidc", role: config.defaultRole } });
    }
    if (!user!.active) throw new ServiceError("FORBIDDEN", "This account is disabled.");
    const token = newSecret();
    const csrfToken = newSecret();
    const expiresAt = new Date(Date.now() + SESSION_DAYS * 86_400_000);
    await openSession(tx.db, { tokenHash: sha256(token), userId: user!.id, csrfToken, expiresAt, ip: tx.actor.ip ?? null });
    await recordAudit({ ...tx, actor: { ...tx.actor, userId: user!.id, label: user!.email } }, { action: "auth.sign_in", objectType: "user", objectId: user!.id, after: { via: "oidc" } });
    return { token, csrfToken, expiresAt, user: { id: user!.id, email: user!.email } };
  });
}
