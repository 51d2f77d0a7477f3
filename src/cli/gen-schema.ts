/**
 * Writes schemas/site.schema.json from the site file's zod schema.
 * `npx tsx src/cli/gen-schema.ts` writes it; `--check` exits 1 when the committed file is stale.
 */
import { readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { siteFileJsonSchema } from "../domain/index";

export const SCHEMA_PATH = fileURLToPath(new URL("../../schemas/site.schema.json", import.meta.url));

export const schemaText = (): string => `${JSON.stringify(siteFileJsonSchema(), null, 2)}\n`;

async function run(): Promise<number> {
  const text = schemaText();
  if (process.argv.includes("--check")) {
    const current = await readFile(SCHEMA_PATH, "utf8").catch(() => "");
    if (current === text) return 0;
    process.stderr.write(`${SCHEMA_PATH} is out of date: run npx tsx src/cli/gen-schema.ts\n`);
    return 1;
  }
  await writeFile(SCHEMA_PATH, text);
  process.stdout.write(`wrote ${SCHEMA_PATH}\n`);
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) process.exitCode = await run();
