/**
 * The CLI code path on every example site file: exit code and finding codes, and the header
 * comment of each example says the same verdict. Also the dispatcher, the formats, and the real
 * launcher (`npx ferrule check …`) once.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { checkSiteText, EXIT_BAD_FILE, EXIT_CLEAN, EXIT_FINDINGS } from "./check";
import { bufferIo } from "./io";
import { main } from "./main";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const EXAMPLES = `${ROOT}examples/`;

/** Every example: its exit code and its findings (code × count), as judged over the whole site. */
const EXPECTED: Record<string, { exit: number; codes: Record<string, number> }> = {
  "r01-sr4-typeB-cord.yaml": { exit: 0, codes: {} },
  "r02-sr4-typeA-cord.yaml": { exit: 1, codes: { POLARITY_TX_TO_TX: 1, POLARITY_RX_TO_RX: 1 } },
  "r03-sr4-typeB-trunk.yaml": { exit: 0, codes: {} },
  "r04-mixed-adapters.yaml": { exit: 1, codes: { POLARITY_TX_TO_TX: 1, POLARITY_RX_TO_RX: 1 } },
  "r05-female-female.yaml": { exit: 1, codes: { MPO_GENDER_FEMALE_FEMALE: 1, POLARITY_TX_TO_TX: 1, POLARITY_RX_TO_RX: 1 } },
  "r06-method-A-two-ab-cords.yaml": { exit: 1, codes: { POLARITY_TX_TO_TX: 6, POLARITY_RX_TO_RX: 6 } },
  "r07-method-B-not-relabeled.yaml": { exit: 0, codes: { PORT_MAP_CROSSED: 6 } },
  "r08-apc-aligned-adapter.yaml": { exit: 1, codes: { APC_ALIGNED_KEY_ADAPTER: 1 } },
  "r09-mpo16-into-mpo12-panel.yaml": { exit: 1, codes: { CONNECTOR_FAMILY_MISMATCH: 1 } },
  "r10-dr4-over-om4-trunk.yaml": { exit: 1, codes: { FIBER_MODE_MISMATCH: 2 } },
  "m-duplex-a.yaml": { exit: 0, codes: {} },
  "m-duplex-b.yaml": { exit: 0, codes: { PORT_MAP_CROSSED: 6 } },
  "m-duplex-b-relabeled.yaml": { exit: 0, codes: {} },
  "m-duplex-c.yaml": { exit: 0, codes: {} },
  "m-duplex-u1.yaml": { exit: 0, codes: {} },
  "m-duplex-u2.yaml": { exit: 0, codes: {} },
  "m-parallel-a.yaml": { exit: 0, codes: {} },
  "m-parallel-b.yaml": { exit: 0, codes: {} },
  // Vendor polarity variants: the documented channel passes, its wrong variant fails.
  "v-type-af.yaml": { exit: 0, codes: {} },
  "v-type-af-both-ends.yaml": { exit: 1, codes: { POLARITY_TX_TO_TX: 6, POLARITY_RX_TO_RX: 6 } },
  "v-universal-flipped.yaml": { exit: 0, codes: {} },
  "v-universal-mixed.yaml": { exit: 1, codes: { POLARITY_TX_TO_TX: 6, POLARITY_RX_TO_RX: 6 } },
  // m-duplex-b's channel with its trunk declared a deliberate shuffle: no port-map warning.
  "v-shuffle-declared.yaml": { exit: 0, codes: {} },
  // Wavelength multiplexers and taps (engine.md).
  "w-cwdm-pass.yaml": { exit: 0, codes: {} },
  "w-cwdm-wrong-port.yaml": { exit: 1, codes: { WDM_WAVELENGTH_MISMATCH: 1, POLARITY_OPEN_PORT: 1 } },
  "t-tap-lr-pass.yaml": { exit: 0, codes: {} },
  "t-tap-monitor-reversed.yaml": { exit: 1, codes: { TAP_MONITOR_REVERSED: 1 } },
};

describe("ferrule check on the examples", () => {
  it("has an expectation for every example file and a file for every expectation", () => {
    expect(readdirSync(EXAMPLES).filter((f) => f.endsWith(".yaml")).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(Object.entries(EXPECTED))("%s", (file, want) => {
    const text = readFileSync(`${EXAMPLES}${file}`, "utf8");
    const out = checkSiteText(text, file, "json");
    expect(out.exitCode).toBe(want.exit);
    const counts: Record<string, number> = {};
    for (const f of JSON.parse(out.stdout).findings as { code: string }[]) counts[f.code] = (counts[f.code] ?? 0) + 1;
    expect(counts).toEqual(want.codes);
    // The header comment states the same verdict.
    expect(text).toMatch(new RegExp(`^# Expected verdict: .*\\(exit ${want.exit}\\)$`, "m"));
    for (const code of Object.keys(want.codes)) expect(text).toMatch(new RegExp(`^# Expected findings: .*${code}`, "m"));
  });
});

describe("vendor variants say what is wrong", () => {
  const messages = (file: string) =>
    (JSON.parse(checkSiteText(readFileSync(`${EXAMPLES}${file}`, "utf8"), file, "json").stdout).findings as { code: string; message: string }[]).filter(
      (f) => f.code === "POLARITY_TX_TO_TX",
    );
  it("Tx to Tx through two universal cassettes of opposite orientations names both cassettes and their orientations", () => {
    const found = messages("v-universal-mixed.yaml");
    expect(found).toHaveLength(6);
    for (const f of found) expect(f.message).toMatch(/Cassettes pp1\/1 \(U1\) and pp2\/1 \(U1-flipped\) are both universal but wired in opposite A\/B orientations/);
  });
  it("other Tx to Tx channels get no such hint (type AF at both ends, method A with two A-to-B cords)", () => {
    for (const file of ["v-type-af-both-ends.yaml", "r06-method-A-two-ab-cords.yaml"])
      for (const f of messages(file)) expect(f.message, file).not.toMatch(/orientations/);
  });
});

describe("formats and exit codes", () => {
  const r02 = readFileSync(`${EXAMPLES}r02-sr4-typeA-cord.yaml`, "utf8");

  it("text output lists each finding with severity, code and channel, and a verdict line", () => {
    const out = checkSiteText(r02, "r02.yaml");
    expect(out.exitCode).toBe(EXIT_FINDINGS);
    const lines = out.stdout.trim().split("\n");
    expect(lines[0]).toBe("r02.yaml: 1 channel, 2 errors, 0 warnings, 0 info");
    expect(lines[1]).toMatch(/^loss convention: ISO\/IEC 11801 attenuation/);
    expect(lines.filter((l) => l.startsWith("error   POLARITY_"))).toHaveLength(2);
    expect(lines.at(-1)).toBe("FAIL");
  });

  it("a bad file exits 2 and names the line and the field, in text and in JSON", () => {
    const bad = r02.replace("length: 3", "length: -3");
    const text = checkSiteText(bad, "bad.yaml");
    expect(text.exitCode).toBe(EXIT_BAD_FILE);
    expect(text.stderr).toMatch(/^bad\.yaml:\d+:\d+ cables\[0\]\.length: /);
    const json = checkSiteText(bad, "bad.yaml", "json");
    expect(json.exitCode).toBe(EXIT_BAD_FILE);
    expect(JSON.parse(json.stdout).errors[0]).toMatchObject({ path: "cables[0].length" });
  });

  it("dispatches subcommands and explains itself", async () => {
    let io = bufferIo();
    expect(await main(["--help"], io)).toBe(0);
    expect(io.stdout).toContain("check");
    io = bufferIo();
    expect(await main(["nope"], io)).toBe(2);
    expect(io.stderr).toContain('unknown command "nope"');
    io = bufferIo();
    expect(await main(["check", "--help"], io)).toBe(0);
    expect(io.stdout).toContain("--format text|json");
    io = bufferIo();
    expect(await main(["check", `${EXAMPLES}does-not-exist.yaml`], io)).toBe(2);
    expect(io.stderr).toContain("cannot read");
    io = bufferIo();
    expect(await main(["check", "--format", "xml", `${EXAMPLES}r01-sr4-typeB-cord.yaml`], io)).toBe(2);
    io = bufferIo();
    expect(await main(["check", `${EXAMPLES}r01-sr4-typeB-cord.yaml`, "--format=json"], io)).toBe(EXIT_CLEAN);
    expect(JSON.parse(io.stdout)).toMatchObject({ exitCode: 0, verdict: "pass", counts: { channels: 1 } });
  });

  it("runs through the real launcher: npx ferrule check from the repository root", () => {
    const ok = spawnSync("npx", ["--no-install", "ferrule", "check", "examples/r01-sr4-typeB-cord.yaml"], { cwd: ROOT, encoding: "utf8" });
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain("PASS");
    const fail = spawnSync("npx", ["--no-install", "ferrule", "check", "examples/r05-female-female.yaml", "--format", "json"], {
      cwd: ROOT,
      encoding: "utf8",
    });
    expect(fail.status).toBe(1);
    expect(JSON.parse(fail.stdout).counts.error).toBe(3);
    expect(execFileSync("node", ["bin/ferrule.mjs", "--help"], { cwd: ROOT, encoding: "utf8" })).toContain("Usage: ferrule");
  });
});
