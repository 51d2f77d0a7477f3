/**
 * `npm run bench [name…]`: runs every bench/*.bench.ts (or the named ones) in turn, each in its own
 * process so that peak memory figures are per benchmark. Benchmarks print their own figures.
 */
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith(".bench.ts"))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.startsWith(w)))
  .sort();

let failed = 0;
for (const file of files) {
  console.log(`\n=== ${file}`);
  const run = spawnSync(process.execPath, ["--import", "tsx", "--expose-gc", join(here, file)], {
    stdio: "inherit",
    env: process.env,
  });
  if (run.status !== 0) failed += 1;
}
if (files.length === 0) console.log("no benchmark matched", wanted.join(" "));
process.exit(failed === 0 ? 0 : 1);
