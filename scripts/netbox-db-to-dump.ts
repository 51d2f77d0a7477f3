/**
 * Writes the `dcim` part of a NetBox database as `python manage.py dumpdata` would, for
 * `ferrule import netbox --dump`: one `{ model, pk, fields }` record per row of the tables the
 * import reads, foreign keys named as Django names them (`site`, not `site_id`), content types as
 * `contenttypes.contenttype` records. For a NetBox whose PostgreSQL dump (pg_dump, as in
 * netbox-community/netbox-demo-data's `sql/`) is at hand but whose application is not running.
 *
 *   createdb netbox && psql netbox < netbox-demo-v4.2.sql
 *   npx tsx scripts/netbox-db-to-dump.ts postgres://…/netbox > netbox.json
 */
import postgres from "postgres";

const TABLES: [string, string][] = [
  ["dcim_site", "dcim.site"],
  ["dcim_location", "dcim.location"],
  ["dcim_rack", "dcim.rack"],
  ["dcim_manufacturer", "dcim.manufacturer"],
  ["dcim_devicerole", "dcim.devicerole"],
  ["dcim_devicetype", "dcim.devicetype"],
  ["dcim_moduletype", "dcim.moduletype"],
  ["dcim_device", "dcim.device"],
  ["dcim_modulebay", "dcim.modulebay"],
  ["dcim_module", "dcim.module"],
  ["dcim_interface", "dcim.interface"],
  ["dcim_frontport", "dcim.frontport"],
  ["dcim_rearport", "dcim.rearport"],
  ["dcim_interfacetemplate", "dcim.interfacetemplate"],
  ["dcim_frontporttemplate", "dcim.frontporttemplate"],
  ["dcim_rearporttemplate", "dcim.rearporttemplate"],
  ["dcim_modulebaytemplate", "dcim.modulebaytemplate"],
  ["dcim_cable", "dcim.cable"],
  ["dcim_cabletermination", "dcim.cabletermination"],
];
/** Columns that end in `_id` but are fields of their own, not foreign keys. */
const NOT_KEYS = new Set(["termination_id", "facility_id", "object_id"]);

const url = process.argv[2];
if (!url) {
  console.error("usage: tsx scripts/netbox-db-to-dump.ts postgres://…/netbox > netbox.json");
  process.exit(2);
}
const sql = postgres(url, { max: 1, onnotice: () => {} });
try {
  const out: string[] = [];
  for (const ct of await sql<{ id: number; app_label: string; model: string }[]>`select id, app_label, model from django_content_type order by id`)
    out.push(JSON.stringify({ model: "contenttypes.contenttype", pk: ct.id, fields: { app_label: ct.app_label, model: ct.model } }));
  for (const [table, model] of TABLES) {
    const exists = await sql`select 1 from information_schema.tables where table_schema = 'public' and table_name = ${table}`;
    if (exists.length === 0) continue;
    for (const { row } of await sql<{ row: Record<string, unknown> }[]>`select to_jsonb(t) as row from ${sql(table)} t order by id`) {
      const fields: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(row)) {
        if (k === "id") continue;
        fields[k.endsWith("_id") && !NOT_KEYS.has(k) ? k.slice(0, -3) : k] = v;
      }
      out.push(JSON.stringify({ model, pk: row.id, fields }));
    }
  }
  process.stdout.write(`[\n${out.join(",\n")}\n]\n`);
} finally {
  await sql.end({ timeout: 5 });
}
