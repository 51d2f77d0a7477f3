/**
 * The conformance run over the kept devicetype-library files with fiber ports:
 *   npx tsx scripts/devicetype-conformance.ts           prints the totals (Markdown)
 *   npx tsx scripts/devicetype-conformance.ts --write   also rewrites CONFORMANCE.tsv, the file-by-file
 *                                                      record the test compares against
 * See src/server/interchange/netbox/__fixtures__/devicetype-library-fiber/README.md.
 */
import { writeFileSync } from "node:fs";
import { CONFORMANCE_HEADER, conformanceLine, conformanceMarkdown } from "../src/server/interchange/netbox/conformance";
import { CONFORMANCE_TSV, runConformance } from "../src/server/interchange/netbox/conformance-corpus";

const rows = runConformance();
if (process.argv.includes("--write")) writeFileSync(CONFORMANCE_TSV, [CONFORMANCE_HEADER, ...rows.map(conformanceLine)].join("\n") + "\n");
console.log(conformanceMarkdown(rows));
