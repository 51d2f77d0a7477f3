/**
 * Imports every site of a NetBox dumpdata dump into a scratch database, one by one, and prints a
 * line per site: objects imported, refused (with the reasons counted), channels, findings.
 *
 *   npx tsx scripts/netbox-site-report.ts DUMP.json postgres://…/scratch_db [ANSWERS.json]
 *
 * The database is migrated and written to: give it an empty one. The dump's questions are
 * answered from ANSWERS.json when given, else every transceiver question with "none" (empty
 * cages) and lengths with 1 m — the report says which answers it used.
 */
import { readFile } from "node:fs/promises";
import { systemActor } from "../src/server/auth/actor";
import { openDatabase } from "../src/server/db/client";
import { snapshotFromDump } from "../src/server/interchange/netbox/site-snapshot";
import { mapNetboxSite } from "../src/server/interchange/netbox/site-map";
import { importNetboxSite, summaryLine } from "../src/server/services/imports/netbox-site";

const [dumpPath, url, answersPath] = process.argv.slice(2);
if (!dumpPath || !url) {
  console.error("usage: tsx scripts/netbox-site-report.ts DUMP.json DATABASE_URL [ANSWERS.json]");
  process.exit(2);
}
const text = await readFile(dumpPath, "utf8");
const data = JSON.parse(text) as { model: string; fields: { slug?: string } }[];
const slugs = data.filter((r) => r.model === "dcim.site").map((r) => r.fields.slug!);
const given = answersPath ? (JSON.parse(await readFile(answersPath, "utf8")) as Record<string, Record<string, string>>) : undefined;
const database = await openDatabase({ url });
const ctx = { db: database.db, actor: systemActor("NetBox report") };
try {
  for (const slug of slugs) {
    let answers = given ?? {};
    if (!given) {
      const asked = mapNetboxSite(snapshotFromDump(data, slug), {}).questions;
      answers = {};
      for (const q of asked) if (q.field === "transceiver" || q.field === "lengthM") (answers[q.key] ??= {})[q.field] = q.field === "transceiver" ? "none" : "1";
      const used = Object.entries(answers).map(([k, v]) => `${k}=${Object.values(v).join()}`);
      if (used.length) console.log(`  ${slug}: answered ${used.join("; ")}`);
    }
    const r = await importNetboxSite(ctx, { slug, answers }, { kind: "dump", file: [text] });
    if (r.outcome === "needs-answers") {
      console.log(`${slug}: needs answers: ${r.questions.map((q) => `${q.key}.${q.field}`).join(", ")}`);
      continue;
    }
    const reasons = new Map<string, number>();
    for (const x of r.refusals) {
      const why = `${x.object}: ${x.reason.replace(/\d+/g, "N").replace(/device [^ ]+ is placed/, "device is placed")}`;
      reasons.set(why, (reasons.get(why) ?? 0) + 1);
    }
    console.log(`${slug}: ${summaryLine(r.summary)}`);
    for (const [why, n] of [...reasons].sort((a, b) => b[1] - a[1])) console.log(`    ${String(n).padStart(4)} × ${why.slice(0, 160)}`);
  }
} finally {
  await database.close();
}
