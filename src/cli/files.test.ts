/**
 * Files in the repository that must agree with the code: every example round-trips through the
 * site file serializer, the committed JSON Schema is the generated one, and the documentation's
 * example is a valid site file.
 */
import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { FINDING_CODES, parseSiteFile, siteFileJsonSchema, toSiteFile } from "../domain/index";
import { SCHEMA_PATH, schemaText } from "./gen-schema";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const examples = readdirSync(`${ROOT}examples`).filter((f) => f.endsWith(".yaml"));

describe("examples round-trip through toSiteFile", () => {
  it.each(examples)("%s", (f) => {
    const first = parseSiteFile(readFileSync(`${ROOT}examples/${f}`, "utf8"));
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    const again = parseSiteFile(toSiteFile(first.model));
    expect(again.ok).toBe(true);
    if (again.ok) expect(again.model).toEqual(first.model);
  });
});

describe("schemas/site.schema.json", () => {
  it("is the JSON Schema generated from the zod schema (run npx tsx src/cli/gen-schema.ts)", () => {
    expect(SCHEMA_PATH).toBe(`${ROOT}schemas/site.schema.json`);
    expect(readFileSync(SCHEMA_PATH, "utf8")).toBe(schemaText());
    expect(JSON.parse(readFileSync(SCHEMA_PATH, "utf8"))).toEqual(siteFileJsonSchema());
  });
});

describe("docs/site-file.md", () => {
  it("its example is a valid site file", () => {
    const md = readFileSync(`${ROOT}docs/site-file.md`, "utf8");
    const yaml = /```yaml\n([\s\S]*?)```/.exec(md)![1]!;
    const r = parseSiteFile(yaml);
    expect(r.ok ? [] : r.errors).toEqual([]);
  });
});

describe("docs/engine.md", () => {
  it("lists every finding code with its severity", () => {
    const md = readFileSync(`${ROOT}docs/engine.md`, "utf8");
    for (const [code, spec] of Object.entries(FINDING_CODES)) expect(md).toContain(`| \`${code}\` | ${spec.severity} |`);
  });
});
