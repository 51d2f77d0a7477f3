/**
 * The conformance run over every kept devicetype-library file with fiber ports: each file's
 * outcome (imported, asked, refused and why) is the one recorded in CONFORMANCE.tsv, and what the
 * run produces holds up — imported parts are valid engine types, every asked file completes once
 * its questions are answered, every refusal has a stated reason.
 * To change the record after a rule changes: `npx tsx scripts/devicetype-conformance.ts --write`,
 * then read the diff file by file.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { FAMILIES, validateComponentType, type ConnectorFamily } from "../../../domain";
import {
  CONFORMANCE_HEADER,
  REFUSAL_REASONS,
  conformanceLine,
  conformanceMarkdown,
  conformanceTotals,
  hasFiberPorts,
  refusalReason,
} from "./conformance";
import { CONFORMANCE_TSV, conformanceFiles, runConformance } from "./conformance-corpus";
import { convertNetboxType, type Answers, type NetboxTypeConversion } from "./index";

const recorded = readFileSync(CONFORMANCE_TSV, "utf8").trimEnd().split("\n");
const rows = runConformance();
const byFile = new Map(conformanceFiles().map((f) => [f.path, f.abs]));

/** Answers every question (the suggested answer, else the first choice) until the file converts or is refused. */
function answerAll(file: string): NetboxTypeConversion {
  const bytes = readFileSync(byFile.get(file)!);
  let answers: Answers = {};
  let r = convertNetboxType(bytes, { file });
  for (let round = 0; round < 4 && r.outcome === "needs-answers"; round++) {
    answers = { ...answers, ...Object.fromEntries(r.questions.map((q) => [q.field, q.suggested?.value ?? q.choices[0]!.value])) };
    r = convertNetboxType(bytes, { file, answers });
  }
  return r;
}

describe("devicetype-library conformance", () => {
  it("covers every kept file with fiber ports, once, and the record is the run, file by file", () => {
    expect(rows.length).toBeGreaterThanOrEqual(160);
    expect(new Set(rows.map((r) => r.file)).size).toBe(rows.length);
    expect(recorded[0]).toBe(CONFORMANCE_HEADER);
    expect(rows.map(conformanceLine)).toEqual(recorded.slice(1));
  });

  it("selects files by their port types", () => {
    expect(hasFiberPorts("front-ports:\n  - {name: a, type: lc-apc}\n")).toBe(true);
    expect(hasFiberPorts("rear-ports:\n  - {name: a, type: splice}\n")).toBe(true);
    expect(hasFiberPorts("front-ports:\n  - {name: a, type: 8p8c}\n")).toBe(false);
    expect(hasFiberPorts("interfaces:\n  - {name: a, type: 100gbase-x-qsfp28}\n")).toBe(false);
    expect(hasFiberPorts("not: [yaml")).toBe(false);
  });

  it("imports only valid parts: cassettes pass the engine's checks and every fiber of a front port is mapped", () => {
    let cassettes = 0;
    for (const row of rows.filter((r) => r.outcome !== "refused")) {
      const r = answerAll(row.file);
      if (r.outcome !== "converted") continue;
      if (r.part.family === "cassette") {
        cassettes++;
        const t = r.part.type;
        expect(validateComponentType(t), row.file).toEqual([]);
        for (const p of t.ports) if (p.family.startsWith("MPO")) expect(p.polish === "APC" && p.key === "B", row.file).toBe(false);
        // Each duplex front port carries two fibers, unless the file's warnings say why not.
        const fronts = t.ports.filter((p) => p.role === "front");
        // A splitter's outputs besides its through fiber are its branches.
        const reach = (name: string) => t.fibers.filter((x) => x.b.connector === name).length + (t.split?.branches.filter((b) => b.to.connector === name).length ?? 0);
        const dark = fronts.filter((f) => reach(f.name) < FAMILIES[f.family as ConnectorFamily].used.length);
        if (dark.length > 0) expect(r.warnings.map((w) => w.message).join(" "), row.file).toMatch(/dark|carries no fiber/);
        // Rear positions that carry nothing are named.
        for (const rear of t.ports.filter((p) => p.role === "rear")) {
          const unused = FAMILIES[rear.family as ConnectorFamily].used.filter((pos) => !t.fibers.some((x) => x.a.connector === rear.name && x.a.position === pos));
          if (unused.length > 0) expect(r.warnings.map((w) => w.message).join(" "), row.file).toMatch(/mapped to no front port|carry nothing|carries no fiber/);
        }
      }
    }
    expect(cassettes).toBeGreaterThan(40);
  });

  it("every asked file completes once its questions are answered, or is refused for a stated reason", () => {
    for (const row of rows.filter((r) => r.outcome === "asked")) {
      const r = answerAll(row.file);
      if (r.outcome === "refused") expect(refusalReason(r.errors.map((e) => e.message)).key, row.file).not.toBe("other");
      else expect(r.outcome, row.file).toBe("converted");
    }
  });

  it("every refusal has one of the listed reasons, each stated with the file's words or key path", () => {
    const keys = new Set(REFUSAL_REASONS.map((r) => r.key));
    for (const row of rows.filter((r) => r.outcome === "refused")) {
      expect(keys.has(row.what), `${row.file}: ${row.detail}`).toBe(true);
      expect(row.detail, row.file).toMatch(/^[a-z-]+(\[\d+\])?(\.[a-z_]+)?(\[\d+\])?(\.[a-z_]+)?: /);
    }
  });

  it("totals: imported / asked / refused by reason", () => {
    const t = conformanceTotals(rows);
    const sum = (o: Readonly<Record<string, number>>) => Object.values(o).reduce((a, b) => a + b, 0);
    expect(sum(t.imported) + sum(t.asked) + sum(t.refused)).toBe(rows.length);
    // Splitters, multiplexers and mesh cassettes are never imported as plain adapter plates or
    // cassettes: a multiplexer is a WDM type (or a transponder's client cages), a splitter a split
    // type; simplex adapters are imported as simplex (one fiber), never as duplex.
    for (const r of rows.filter((x) => x.outcome === "imported")) {
      const text = readFileSync(byFile.get(r.file)!, "utf8");
      if (/splitter|\bPLC\s*\d|\bmux\b|\bmesh\b/i.test(text)) expect(r.detail, r.file).toMatch(/^(?:CWDM|DWDM) mux\/demux: |^(?:TAP|splitter): |^\d+ cages$/);
      if (/\bsimplex\b/i.test(text)) expect(r.detail, r.file).toMatch(/^\d+x (LC-simplex|SC-simplex|ST|FC|LSH)\b/);
    }
    // No refusal left for a splice rear or a simplex, ST or FC adapter: those are Ferrule's families now.
    for (const r of rows.filter((x) => x.outcome === "refused")) expect(r.detail, r.file).not.toMatch(/"(splice|st|fc|lsh(-[a-z]+)?)"|adapters are simplex/);
    expect(conformanceMarkdown(rows)).toContain(`${rows.length} files with fiber ports in all.`);
    expect([sum(t.imported), sum(t.asked), sum(t.refused)]).toEqual([96, 94, 3]);
    // The refusals left are the files' own faults; none is Ferrule's.
    expect(t.refused).toEqual({ mesh: 2, "mpo-per-port": 1 });
    for (const r of rows.filter((x) => x.outcome === "refused")) expect(REFUSAL_REASONS.find((x) => x.key === r.what)!.limit, r.file).toBe("file");
    // A media converter is asked which optic its fiber port is, and converts once answered.
    expect(rows.find((r) => r.file === "device-types/Generic/media-converter-1g-sc.yaml")).toMatchObject({ outcome: "asked", what: "switch", detail: "optic" });
    const mc = answerAll("device-types/Generic/media-converter-1g-sc.yaml");
    expect(mc.outcome === "converted" && mc.part.family === "switch" && mc.part.cages.map((c) => [c.name, c.fixedOptic])).toEqual([["LAN", "fixed-sc-1000base-sx"]]);
  });
});
