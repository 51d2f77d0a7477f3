import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from "node:crypto";
import { signInConcurrency } from "../config";
import { RateLimited } from "../services/errors";

/**
 * Passwords are hashed with scrypt (memory-hard; OWASP's parameters N=2^17, r=8, p=1, 128 MiB) and a
 * 16-byte random salt, stored as `scrypt$N$r$p$salt$hash` so the parameters can be raised later and
 * old hashes still verify.
 */
const PARAMS = { N: 2 ** 17, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;

/**
 * Each scrypt holds 128 MiB and a thread of libuv's pool for ~0.3 s: at most `limit` run at once in
 * this process, up to `queue` more wait their turn, and beyond that the caller is told to come back
 * (429 with Retry-After) instead of the server swapping and stalling every other request.
 */
export class PasswordGate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(
    readonly limit: number,
    readonly queue: number,
  ) {}

  get inFlight(): number {
    return this.running;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) {
      if (this.waiting.length >= this.queue) {
        throw new RateLimited("The server is busy checking other passwords. Try again in a few seconds.", 5);
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next(); // hands its slot on
      else this.running--;
    }
  }
}

const concurrency = signInConcurrency();
export const passwordGate = new PasswordGate(concurrency, concurrency * 16);

function scrypt(password: string, salt: Buffer, opts: ScryptOptions): Promise<Buffer> {
  return passwordGate.run(
    () =>
      new Promise<Buffer>((resolve, reject) =>
        scryptCb(password.normalize("NFKC"), salt, KEY_LENGTH, { ...opts, maxmem: 256 * 1024 * 1024 }, (err, key) => (err ? reject(err) : resolve(key))),
      ),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, PARAMS);
  return ["scrypt", PARAMS.N, PARAMS.r, PARAMS.p, salt.toString("base64url"), key.toString("base64url")].join("$");
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [alg, n, r, p, salt, hash] = stored.split("$");
  if (alg !== "scrypt" || !n || !r || !p || !salt || !hash) return false;
  const expected = Buffer.from(hash, "base64url");
  const key = await scrypt(password, Buffer.from(salt, "base64url"), { N: Number(n), r: Number(r), p: Number(p) });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A hash of a random password: verifying against it costs the same as against a real one, so a
 *  sign-in for an unknown email takes as long as one with a wrong password. */
let decoy: Promise<string> | undefined;
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword(randomBytes(16).toString("hex"));
  return decoy;
}
