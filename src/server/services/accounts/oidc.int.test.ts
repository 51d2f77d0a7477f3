import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { exportJWK, generateKeyPair, SignJWT, type JWK } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccount } from "../../../../test/api-client";
import { useTestDatabase } from "../../../../test/db";
import { anonymous } from "../../auth/actor";
import { roleGrants, users } from "../../db/schema";
import { completeOidcSignIn, oidcConfig, startOidcSignIn, type OidcConfig } from "./oidc";
import { resolveSession } from "./sessions";

/** A small identity provider on 127.0.0.1: discovery, JWKS, and a token endpoint that signs what the
 *  test asks it to. */
const t = useTestDatabase();
let server: Server;
let issuer = "";
let privateKey: CryptoKey;
let jwk: JWK;
let nextClaims: Record<string, unknown> = {};
let lastTokenRequest: URLSearchParams | null = null;

beforeAll(async () => {
  const keys = await generateKeyPair("RS256");
  privateKey = keys.privateKey;
  jwk = { ...(await exportJWK(keys.publicKey)), kid: "k1", alg: "RS256", use: "sig" };
  server = createServer((req, res) => {
    const json = (body: unknown) => (res.writeHead(200, { "content-type": "application/json" }), res.end(JSON.stringify(body)));
    if (req.url === "/.well-known/openid-configuration") {
      return json({ issuer, authorization_endpoint: `${issuer}/authorize`, token_endpoint: `${issuer}/token`, jwks_uri: `${issuer}/jwks` });
    }
    if (req.url === "/jwks") return json({ keys: [jwk] });
    if (req.url === "/token" && req.method === "POST") {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString()));
      req.on("end", async () => {
        lastTokenRequest = new URLSearchParams(body);
        const idToken = await new SignJWT({ ...nextClaims })
          .setProtectedHeader({ alg: "RS256", kid: "k1" })
          .setIssuer((nextClaims.iss as string) ?? issuer)
          .setAudience((nextClaims.aud as string) ?? "ferrule")
          .setSubject((nextClaims.sub as string) ?? "user-1")
          .setIssuedAt()
          .setExpirationTime("5m")
          .sign(privateKey);
        json({ access_token: "x", token_type: "Bearer", id_token: idToken });
      });
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const config = (): OidcConfig => oidcConfig({ FERRULE_OIDC_ISSUER: issuer, FERRULE_OIDC_CLIENT_ID: "ferrule", FERRULE_OIDC_CLIENT_SECRET: "s3cret", FERRULE_OIDC_DEFAULT_ROLE: "viewer" })!;

async function flow(claims: (nonce: string) => Record<string, unknown>) {
  const { url, pending } = await startOidcSignIn(config(), "http://ferrule.test/api/auth/oidc/callback");
  nextClaims = claims(pending.nonce);
  return { url: new URL(url), pending };
}

describe("OIDC sign-in", () => {
  it("is off unless an issuer and a client are configured", () => {
    expect(oidcConfig({})).toBeNull();
    expect(() => oidcConfig({ FERRULE_OIDC_ISSUER: "https://x", FERRULE_OIDC_CLIENT_ID: "c", FERRULE_OIDC_DEFAULT_ROLE: "root" })).toThrow(/FERRULE_OIDC_DEFAULT_ROLE/);
  });

  it("redirects with PKCE, state and nonce; creates the account with the default role; opens a session", () =>
    t.rollback(async (ctx) => {
      const { url, pending } = await flow((nonce) => ({ nonce, email: "Lee@Example.com", email_verified: true, name: "Lee" }));
      expect(url.pathname).toBe("/authorize");
      expect(url.searchParams.get("code_challenge_method")).toBe("S256");
      expect(url.searchParams.get("state")).toBe(pending.state);
      const session = await completeOidcSignIn({ ...ctx, actor: anonymous }, config(), { code: "abc", state: pending.state }, pending);
      expect(lastTokenRequest?.get("code_verifier")).toBe(pending.verifier);
      const [user] = await ctx.db.select().from(users).where(eq(users.email, "lee@example.com"));
      expect(user?.oidcSubject).toBe(`${issuer}|user-1`);
      expect(await ctx.db.select({ role: roleGrants.role }).from(roleGrants).where(eq(roleGrants.userId, user!.id))).toEqual([{ role: "viewer" }]);
      expect((await resolveSession(ctx, session.token))?.user.email).toBe("lee@example.com");
    }));

  it("links an existing account only when the provider verified the email", () =>
    t.rollback(async (ctx) => {
      const existing = await createAccount(ctx.db, "ana@example.com", "editor");
      const unverified = await flow((nonce) => ({ nonce, sub: "u-2", email: "ana@example.com", email_verified: false }));
      const refused = await completeOidcSignIn({ ...ctx, actor: anonymous }, config(), { code: "c", state: unverified.pending.state }, unverified.pending).catch((e: Error) => e);
      expect((refused as Error).message).toMatch(/already exists and the identity provider has not verified this email/); // no silent takeover
      const verified = await flow((nonce) => ({ nonce, sub: "u-2", email: "ana@example.com", email_verified: true }));
      const session = await completeOidcSignIn({ ...ctx, actor: anonymous }, config(), { code: "c", state: verified.pending.state }, verified.pending);
      expect(session.user.id).toBe(existing.id);
    }));

  it.each([
    ["a wrong nonce", (_n: string) => ({ nonce: "replayed" }), /not issued for this sign-in/],
    ["another audience", (n: string) => ({ nonce: n, aud: "someone-else" }), /not valid/],
    ["another issuer", (n: string) => ({ nonce: n, iss: "https://evil.example" }), /not valid/],
  ])("refuses a token with %s", (_what, claims, message) =>
    t.rollback(async (ctx) => {
      const { pending } = await flow((nonce) => ({ email: "x@example.com", email_verified: true, ...claims(nonce) }));
      const err = await completeOidcSignIn({ ...ctx, actor: anonymous }, config(), { code: "c", state: pending.state }, pending).catch((e: Error) => e);
      expect((err as Error).message).toMatch(message);
      expect(await ctx.db.select().from(users).where(eq(users.email, "x@example.com"))).toHaveLength(0);
    }),
  );

  it("refuses an answer whose state does not match the browser's", () =>
    t.rollback(async (ctx) => {
      const { pending } = await flow((nonce) => ({ nonce, email: "x@example.com" }));
      const err = await completeOidcSignIn({ ...ctx, actor: anonymous }, config(), { code: "c", state: "forged" }, pending).catch((e: Error) => e);
      expect((err as Error).message).toMatch(/does not match/);
    }));
});
