import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { z } from "zod";
import { describe, expect, it } from "vitest";
import { appRouter } from "../src/server/api/root";
import type { Db } from "../src/server/db/client";
import { ApiClient, createAccount, procedures } from "./api-client";
import { useTestDatabase } from "./db";

/**
 * Generated bad input for every procedure of the router, sent by an administrator (so the role gate
 * never hides a crash): wrong types, huge strings, unknown ids, injection strings, control characters.
 * Each must be answered with a clear 4xx (naming the field where there is one), never a 500, and a
 * refused mutation must leave every table exactly as it was.
 */
const t = useTestDatabase();

type JsonSchema = { type?: string | string[]; format?: string; properties?: Record<string, JsonSchema>; required?: string[]; enum?: unknown[]; anyOf?: JsonSchema[]; minimum?: number; items?: JsonSchema; default?: unknown };

function inputSchemaOf(path: string): JsonSchema | null {
  const record = appRouter._def.procedures as unknown as Record<string, { _def: { inputs: z.ZodType[] } }>;
  const input = record[path]?._def.inputs[0];
  if (!input) return null;
  return z.toJSONSchema(input, { io: "input", unrepresentable: "any" }) as JsonSchema;
}

const isType = (s: JsonSchema, type: string): boolean =>
  s.type === type || (Array.isArray(s.type) && s.type.includes(type)) || (s.anyOf ?? []).some((a) => isType(a, type));
const formatOf = (s: JsonSchema): string | undefined => s.format ?? s.anyOf?.map(formatOf).find(Boolean);

/** A plausible value for a field, so that one bad field at a time is what the server judges. */
function sample(s: JsonSchema): unknown {
  if (s.enum?.length) return s.enum[0];
  if (s.default !== undefined) return s.default;
  const format = formatOf(s);
  if (format === "uuid") return randomUUID();
  if (format === "email") return "someone@example.com";
  if (isType(s, "string")) return "Bad input probe";
  if (isType(s, "integer") || isType(s, "number")) return Math.max(1, s.minimum ?? 1);
  if (isType(s, "boolean")) return true;
  if (isType(s, "array")) return [];
  if (isType(s, "object")) return Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, v]) => [k, sample(v)]));
  return null;
}

interface Probe {
  name: string;
  input: unknown;
  /** The field that must be named in the answer when the input is refused. */
  field?: string;
  /** Must be refused with 400. */
  mustRefuse?: boolean;
}

function probesFor(schema: JsonSchema | null): Probe[] {
  const probes: Probe[] = [
    { name: "a string instead of the input", input: "x" },
    { name: "a number instead of the input", input: 42 },
    { name: "an array instead of the input", input: [] },
  ];
  const props = schema?.properties ?? {};
  const base = sample(schema ?? {}) as Record<string, unknown>;
  for (const [key, field] of Object.entries(props)) {
    const format = formatOf(field);
    const put = (value: unknown) => ({ ...base, [key]: value });
    if (isType(field, "string") && !field.enum) {
      probes.push({ name: `${key}: a 200,000-character string`, input: put("x".repeat(200_000)), field: key, mustRefuse: true });
      probes.push({ name: `${key}: a NUL byte`, input: put("a\u0000b"), field: key, mustRefuse: true });
      for (const s of ["'; DROP TABLE sites; --", "<script>alert(1)</script>", "../../../etc/passwd", "${7*7}{{7*7}}", "Robert'); --", HUGE_RANGE]) {
        probes.push({ name: `${key}: injection ${JSON.stringify(s)}`, input: put(s), field: key });
      }
      probes.push({ name: `${key}: a number`, input: put(12345), field: key, mustRefuse: true });
    }
    if (format === "uuid") probes.push({ name: `${key}: an unknown id`, input: put(randomUUID()), field: key });
    if (isType(field, "integer") || isType(field, "number")) {
      probes.push({ name: `${key}: a string`, input: put("12"), field: key, mustRefuse: !isType(field, "string") });
      probes.push({ name: `${key}: 1e308`, input: put(1e308), field: key });
      probes.push({ name: `${key}: -1`, input: put(-1), field: key });
    }
    if (isType(field, "boolean")) probes.push({ name: `${key}: "yes"`, input: put("yes"), field: key, mustRefuse: !isType(field, "string") });
  }
  return probes;
}

/** A port-name range whose numbers read as one JavaScript number: it once looped until the process died. */
const HUGE_RANGE = "9007199254740993..9007199254740999";

/** A fingerprint of every table's content: equal before and after means nothing was written. */
async function fingerprint(db: Db, skipAudit: boolean): Promise<string> {
  const tables = await db.execute<{ tablename: string }>(sql`select tablename from pg_tables where schemaname = 'public' order by tablename`);
  const rows = (Array.isArray(tables) ? tables : (tables as unknown as { rows: { tablename: string }[] }).rows) as { tablename: string }[];
  const parts: string[] = [];
  for (const { tablename } of rows) {
    // A refused sign-in is still audited and counted against the throttle: that is its point.
    if (skipAudit && (tablename === "audit_events" || tablename === "sign_in_throttle")) continue;
    const res = await db.execute<{ h: string | null }>(sql.raw(`select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as h from "${tablename}" t`));
    const list = (Array.isArray(res) ? res : (res as unknown as { rows: { h: string }[] }).rows) as { h: string | null }[];
    parts.push(`${tablename}:${list[0]?.h}`);
  }
  return parts.join(",");
}

const all = procedures().filter((p) => p.path !== "auth.signOut");

describe("numbers past 2^53 wherever a port range is read", () => {
  it("devices.create, devices.addPorts and a plan's device.add refuse them with 400 naming the field", () =>
    t.rollback(async (ctx) => {
      const api = await new ApiClient(ctx.db).actAs(await createAccount(ctx.db, "probe-admin@example.com", "admin"));
      const site = (await api.call("sites.create", { name: "Range probe", code: "RP" })).data as { id: string };
      const group = { names: HUGE_RANGE, kind: "transceiver" };
      const created = await api.call("devices.create", { siteId: site.id, name: "sw1", role: "switch", ports: [group] });
      expect([created.status, created.error?.fieldErrors?.["ports.0.names"]]).toEqual([400, `Cannot read "${HUGE_RANGE}": a range's numbers have at most 9 digits.`]);
      const device = (await api.call("devices.create", { siteId: site.id, name: "sw2", role: "switch" })).data as { id: string };
      const added = await api.call("devices.addPorts", { deviceId: device.id, group });
      expect(added.status).toBe(400);
      expect(Object.values(added.error?.fieldErrors ?? {}).join(" ")).toMatch(/at most 9 digits/);
      const plan = (await api.call("plans.create", { siteId: site.id, name: "Range probe" })).data as { id: string; version: number };
      const op = await api.call("plans.addOperation", { planId: plan.id, version: plan.version, operation: { kind: "device.add", name: "sw3", role: "switch", ports: [group] } });
      expect(op.status).toBe(400);
      expect(Object.values(op.error?.fieldErrors ?? {}).join(" ")).toMatch(/at most 9 digits/);
    }));
});

describe("generated bad input", () => {
  it.each(all)("$path answers every probe with a clear 4xx or a success, never a 500", (p) =>
    t.rollback(async (ctx) => {
      const api = await new ApiClient(ctx.db).actAs(await createAccount(ctx.db, "probe-admin@example.com", "admin"));
      const schema = inputSchemaOf(p.path);
      for (const probe of probesFor(schema)) {
        const before = p.type === "mutation" ? await fingerprint(ctx.db, p.path.startsWith("auth.")) : "";
        const res = await api.call(p.path, probe.input);
        const context = `${p.path} with ${probe.name}: ${res.status} ${JSON.stringify(res.error)}`;
        expect(res.status, context).toBeLessThan(500);
        if (probe.mustRefuse) expect(res.status, context).toBe(400);
        if (res.status >= 400) {
          expect(res.error?.message, context).toBeTruthy();
          expect(res.error?.message, context).not.toMatch(/^\s*[[{]/); // a sentence, not a JSON dump
          const named = Object.keys(res.error?.fieldErrors ?? {});
          if (res.status === 400) expect(named.length, context).toBeGreaterThan(0);
          if (probe.mustRefuse) expect(named.some((k) => k === probe.field || k.startsWith(`${probe.field}.`)), context).toBe(true);
          if (p.type === "mutation") expect(await fingerprint(ctx.db, p.path.startsWith("auth.")), context).toBe(before);
        }
      }
    }),
  );
});
