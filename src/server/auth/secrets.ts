import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** A random secret for a cookie or token: 32 bytes, base64url. */
export function newSecret(prefix = ""): string {
  return prefix + randomBytes(32).toString("base64url");
}

/** Session and API tokens carry 256 bits of entropy, so a plain SHA-256 is enough to store them. */
export function sha256(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}

export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
