/**
 * Bulk import benchmark: 100,000 cables from a NetBox cable CSV into PostgreSQL, all or nothing.
 *
 * The site (imported from a generated site file, not timed) has 695 pods: two switches with 48
 * SFP28 25GBASE-SR cages each and two 48-port LC panels; each pod is cabled switch → panel front,
 * panel rear → panel rear, panel front → switch (144 cables, 48 channels). The CSV names no
 * Ferrule type, so every row's type is inferred from the ports (LC) and the grade (mmf-om4).
 * The import reads the CSV in 64 KiB chunks, matches every row by device and port name, writes
 * the cables and plugs in batches and judges the whole site once.
 *
 * BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/ferrule_import_bench) is
 * dropped and created, and dropped again at the end. Fails when the counts are wrong or the
 * import takes 30 s or more.
 */
import postgres from "postgres";
import { systemActor } from "../src/server/auth/actor";
import { openDatabase } from "../src/server/db/client";
import { importNetboxCables } from "../src/server/services/imports/netbox-cables";
import { importSiteFile } from "../src/server/services/site-files/import-site-file";

const URL_ = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/ferrule_import_bench";
const PODS = Number(process.env.FERRULE_BENCH_PODS ?? 695);
const PORTS = 48;
const LIMIT_S = 30;

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;

function siteFile(): string {
  const out: string[] = ["ferrule: 1", "site:", "  id: bench", "  name: Import bench", "rooms:", "  - { id: hall, name: Hall }", "racks:"];
  const racks = Math.ceil((PODS * 4) / 40);
  for (let r = 1; r <= racks; r++) out.push(`  - { id: R${String(r).padStart(3, "0")}, room: hall, units: 42 }`);
  out.push("devices:");
  let slot = 0;
  const place = () => {
    const rack = `R${String(Math.floor(slot / 40) + 1).padStart(3, "0")}`;
    const unit = (slot % 40) + 1;
    slot++;
    return `rack: ${rack}, unit: ${unit}`;
  };
  for (let p = 1; p <= PODS; p++) {
    for (const s of ["sa", "sb"]) out.push(`  - { id: ${s}${p}, role: switch, ${place()}, cages: [{ name: "e1..${PORTS}", transceiver: sfp28-25gbase-sr, cage: sfp28 }] }`);
    for (const s of ["pa", "pb"]) out.push(`  - { id: ${s}${p}, role: panel, ${place()}, adapters: [{ name: "1..${PORTS}", family: LC, key: B }] }`);
  }
  return out.join("\n") + "\n";
}

function* csvChunks(): Generator<string> {
  let buf = "side_a_site,side_a_device,side_a_type,side_a_name,side_b_site,side_b_device,side_b_type,side_b_name,type,status,label,length,length_unit\r\n";
  for (let p = 1; p <= PODS; p++) {
    for (let k = 1; k <= PORTS; k++) {
      buf += `Import bench,sa${p},dcim.interface,e${k},Import bench,pa${p},dcim.frontport,${k},mmf-om4,connected,P${p}-A${k},3,m\r\n`;
      buf += `Import bench,pa${p},dcim.rearport,${k},Import bench,pb${p},dcim.rearport,${k},mmf-om4,connected,P${p}-T${k},40,m\r\n`;
      buf += `Import bench,pb${p},dcim.frontport,${k},Import bench,sb${p},dcim.interface,e${k},mmf-om4,planned,P${p}-B${k},3,m\r\n`;
    }
    if (buf.length >= 65_536) {
      yield buf;
      buf = "";
    }
  }
  if (buf) yield buf;
}

async function main() {
  const target = new URL(URL_);
  const name = target.pathname.slice(1);
  const admin = postgres({ host: target.hostname, port: Number(target.port || 5432), user: decodeURIComponent(target.username || "postgres"), password: decodeURIComponent(target.password), database: "postgres", onnotice: () => {} });
  await admin.unsafe(`drop database if exists "${name}"`);
  await admin.unsafe(`create database "${name}"`);
  const database = await openDatabase({ url: URL_ });
  const ctx = { db: database.db, actor: systemActor("import bench") };
  try {
    const t0 = performance.now();
    const yaml = siteFile();
    const { site, counts } = await importSiteFile(ctx, { yaml, code: "BENCH", name: "Import bench" });
    console.log(`site: ${counts.devices} devices, ${counts.ports} ports, ${counts.transceivers} transceivers (set up in ${((performance.now() - t0) / 1000).toFixed(1)} s, not timed)`);

    let bytes = 0;
    for (const c of csvChunks()) bytes += c.length;
    gc();
    const marks: Record<string, number> = {};
    const start = performance.now();
    const result = await importNetboxCables(ctx, { siteId: site.id }, csvChunks(), (p) => {
      if (!(p.phase in marks)) marks[p.phase] = performance.now();
      if (process.env.BENCH_TRACE) console.log(((performance.now() - start) / 1000).toFixed(2), p.phase, p.done);
    });
    const total = (performance.now() - start) / 1000;
    clearInterval(sampler);
    const at = (phase: string) => ((marks[phase] ?? start) - start) / 1000;
    const expected = PODS * PORTS * 3;
    console.log(`cables: ${result.cables} from ${result.rows} rows (${(bytes / 1024 / 1024).toFixed(1)} MB of CSV), plugs: ${result.plugs}`);
    console.log(`read and match: ${at("writing").toFixed(2)} s, write: ${(at("judging") - at("writing")).toFixed(2)} s, judge ${result.channels} channels: ${(total - at("judging")).toFixed(2)} s`);
    console.log(`total: ${total.toFixed(2)} s (${Math.round(result.cables / total).toLocaleString("en")} cables/s), peak RSS ${mb(peakRss)}`);
    const ok = result.cables === expected && result.plugs === expected * 2 && result.channels === PODS * PORTS && total < LIMIT_S;
    if (!ok) {
      console.error(`FAIL: expected ${expected} cables, ${PODS * PORTS} channels, under ${LIMIT_S} s`);
      process.exitCode = 1;
    }
  } finally {
    await database.close();
    await admin.unsafe(`drop database if exists "${name}"`);
    await admin.end();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
