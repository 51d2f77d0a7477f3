/**
 * The kept devicetype-library files (`__fixtures__/devicetype-library` and
 * `__fixtures__/devicetype-library-fiber`, CC0) that have fiber ports, and the file-by-file record
 * of the conformance run (`CONFORMANCE.tsv`). Used by the conformance test and by
 * `scripts/devicetype-conformance.ts`, which rewrites the record.
 */
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { conformanceRow, hasFiberPorts, type ConformanceRow } from "./conformance";

const FIXTURES = fileURLToPath(new URL("./__fixtures__/", import.meta.url));
export const CONFORMANCE_DIRS = ["devicetype-library", "devicetype-library-fiber"] as const;
export const CONFORMANCE_TSV = join(FIXTURES, "devicetype-library-fiber", "CONFORMANCE.tsv");

const walk = (d: string): string[] => readdirSync(d).flatMap((f) => (statSync(join(d, f)).isDirectory() ? walk(join(d, f)) : [join(d, f)]));

/** Every kept file with fiber ports: its repository path and where it is kept. */
export function conformanceFiles(): { path: string; abs: string }[] {
  const out: { path: string; abs: string }[] = [];
  for (const dir of CONFORMANCE_DIRS) {
    const root = join(FIXTURES, dir);
    for (const abs of walk(root)) {
      const path = relative(root, abs).split("\\").join("/");
      if (!/^(device|module)-types\//.test(path) || !/\.ya?ml$/.test(path)) continue;
      if (hasFiberPorts(readFileSync(abs, "utf8"))) out.push({ path, abs });
    }
  }
  return out.sort((a, b) => a.path.localeCompare(b.path));
}

export function runConformance(): ConformanceRow[] {
  return conformanceFiles().map((f) => conformanceRow(f.path, readFileSync(f.abs)));
}
