/**
 * A generated site for the topology: `racks` racks written with bulk SQL (generate_series and
 * set-based inserts, no row-by-row work), the same every time.
 *
 *   halls of 300 racks, rows A–L of 25 racks each;
 *   per rack: leaf switch, two servers, two panels (pa: trunks, pb: spare);
 *   trunks (MPO-12 OS2): 4 to the next rack of the row, 4 to the same position of the next row,
 *   and 4 from each hall's first rack to the next hall's first rack;
 *   cords (LC): leaf to panel front ×4, each server to the leaf;
 *   one rack in 40 has a failing channel over its leaf and panel.
 *
 * Usage: tsx bench/topology/seed-site.ts <database url> <racks> [site code]
 */
import { randomUUID } from "node:crypto";
import postgres from "postgres";

const TRUNK = "mpo12-typeA-ff-os2-elite";
const CORD = "lc-ab-os2";

export async function seedTopologySite(sql: postgres.Sql, opts: { racks: number; code: string; name: string }): Promise<string> {
  const siteId = randomUUID();
  const { racks } = opts;
  const halls = Math.ceil(racks / 300);
  await sql.begin(async (tx) => {
    await tx`insert into sites (id, name, code) values (${siteId}, ${opts.name}, ${opts.code})`;
    await tx`insert into rooms (site_id, name) select ${siteId}, 'Hall ' || h from generate_series(1, ${halls}) h`;
    await tx`insert into racks (site_id, room_id, name, row, position, u_height)
              select ${siteId}, m.id, chr(65 + ((r - 1) % 300) / 25) || lpad((((r - 1) % 25) + 1)::text, 2, '0') || '-' || ((r - 1) / 300 + 1),
                     chr(65 + ((r - 1) % 300) / 25), ((r - 1) % 25) + 1, 42
                from generate_series(1, ${racks}) r
                join rooms m on m.site_id = ${siteId} and m.name = 'Hall ' || ((r - 1) / 300 + 1)`;
    await tx`insert into devices (site_id, rack_id, name, role, u_position, full_depth)
              select ${siteId}, k.id, k.name || '-' || d.suffix, d.role, d.unit, d.role <> 'panel'
                from racks k cross join (values ('lf', 'switch', 40), ('pa', 'panel', 38), ('pb', 'panel', 37), ('sv1', 'server', 10), ('sv2', 'server', 12)) d(suffix, role, unit)
               where k.site_id = ${siteId}`;
    await tx`insert into ports (site_id, device_id, name, kind, cage, ordinal)
              select ${siteId}, d.id, 'e' || n, 'transceiver', 'sfp28', n
                from devices d cross join generate_series(1, 12) n
               where d.site_id = ${siteId} and (d.role = 'switch' or (d.role = 'server' and n <= 2))`;
    await tx`insert into ports (site_id, device_id, name, kind, family, key_type, positions, ordinal)
              select ${siteId}, d.id, n::text, 'adapter', 'MPO-12', 'B', 12, n
                from devices d cross join generate_series(1, 24) n
               where d.site_id = ${siteId} and d.role = 'panel'`;

    // Trunks: (rack A, port a) to (rack B, port b), both on the panels "pa", rear sides.
    const trunks = async (pairs: postgres.PendingQuery<postgres.Row[]>, label: string) => tx`
      with pairs as materialized (${pairs}),
      src as materialized (
        select gen_random_uuid() as cid, pa.id as a_port, pb.id as b_port, ${label} || '-' || ra.name || '-' || rb.name || '-' || x.k as label
          from pairs x
          join racks ra on ra.id = x.ra
          join racks rb on rb.id = x.rb
          join devices da on da.rack_id = ra.id and da.name = ra.name || '-pa'
          join devices db on db.rack_id = rb.id and db.name = rb.name || '-pa'
          join ports pa on pa.device_id = da.id and pa.ordinal = x.pa
          join ports pb on pb.device_id = db.id and pb.ordinal = x.pb
      ),
      made as (insert into cables (id, site_id, type_id, label, length_m) select cid, ${siteId}::uuid, ${TRUNK}, label, 30 from src)
      insert into cable_plugs (site_id, cable_id, connector, port_id, side)
      select ${siteId}::uuid, cid, 'a1', a_port, 'rear' from src
      union all
      select ${siteId}::uuid, cid, 'b1', b_port, 'rear' from src`;
    await trunks(
      tx`select ra.id as ra, rb.id as rb, k, k as pa, k + 4 as pb
           from racks ra join racks rb on rb.room_id = ra.room_id and rb.row = ra.row and rb.position = ra.position + 1
           cross join generate_series(1, 4) k where ra.site_id = ${siteId}`,
      "TR",
    );
    await trunks(
      tx`select ra.id as ra, rb.id as rb, k, k + 8 as pa, k + 12 as pb
           from racks ra join racks rb on rb.room_id = ra.room_id and ascii(rb.row) = ascii(ra.row) + 1 and rb.position = ra.position
           cross join generate_series(1, 4) k where ra.site_id = ${siteId}`,
      "TX",
    );
    await trunks(
      tx`select ra.id as ra, rb.id as rb, k, k + 16 as pa, k + 20 as pb
           from racks ra join rooms ma on ma.id = ra.room_id
           join rooms mb on mb.site_id = ma.site_id and mb.name = 'Hall ' || (substr(ma.name, 6)::int + 1)
           join racks rb on rb.room_id = mb.id and rb.row = ra.row and rb.position = ra.position
           cross join generate_series(1, 4) k where ra.site_id = ${siteId} and ra.row = 'A' and ra.position = 1`,
      "TH",
    );
    // Cords: leaf e1–e4 to panel pa fronts 1–4; servers to the leaf's e9, e10.
    await tx`
      with src as materialized (
        select gen_random_uuid() as cid, a.id as a_port, b.id as b_port, 'CD-' || k.name || '-' || n as label
          from racks k cross join generate_series(1, 6) n
          join devices lf on lf.rack_id = k.id and lf.name = k.name || '-lf'
          join devices pa on pa.rack_id = k.id and pa.name = k.name || '-pa'
          join devices sv on sv.rack_id = k.id and sv.name = k.name || case when n = 5 then '-sv1' else '-sv2' end
          join ports a on a.device_id = lf.id and a.ordinal = n + case when n > 4 then 4 else 0 end
          join ports b on b.device_id = case when n <= 4 then pa.id else sv.id end and b.ordinal = case when n <= 4 then n else 1 end
         where k.site_id = ${siteId}
      ),
      made as (insert into cables (id, site_id, type_id, label, length_m) select cid, ${siteId}::uuid, ${CORD}, label, 3 from src)
      insert into cable_plugs (site_id, cable_id, connector, port_id, side)
      select ${siteId}::uuid, cid, 'a1', a_port, 'front' from src
      union all
      select ${siteId}::uuid, cid, 'b1', b_port, 'front' from src`;
    // A failing channel in one rack of 40: over its leaf's e1 and its panel's first port.
    await tx`create temp table failing on commit drop as
              select min(a.id::text) as key, min(b.id::text) as panel, k.name || ' leaf e1' as title
                from racks k
                join devices lf on lf.rack_id = k.id and lf.name = k.name || '-lf'
                join devices pa on pa.rack_id = k.id and pa.name = k.name || '-pa'
                join ports a on a.device_id = lf.id and a.ordinal = 1
                join ports b on b.device_id = pa.id and b.ordinal = 1
               where k.site_id = ${siteId} and (ascii(k.row) * 7 + k.position * 3) % 40 = 0
               group by k.id, k.name`;
    await tx`insert into channel_paths (site_id, key, members, ports)
              select ${siteId}, key, array[key::uuid], array[key::uuid, panel::uuid] from failing`;
    await tx`insert into channel_judgements (site_id, key, title, verdict, fibers, errors, warnings, links)
              select ${siteId}, key, title, 'fail', 2, 1, 0, '[]'::jsonb from failing`;
  });
  await sql`analyze`;
  return siteId;
}

async function main() {
  const [url, racksArg, code] = process.argv.slice(2);
  if (!url || !racksArg) throw new Error("usage: tsx bench/topology/seed-site.ts <database url> <racks> [site code]");
  const sql = postgres(url, { max: 1, onnotice: () => undefined });
  try {
    const racks = Number(racksArg);
    const t = performance.now();
    const id = await seedTopologySite(sql, { racks, code: code ?? `T${racks}`, name: `Generated ${racks} racks` });
    console.log(`site ${id}: ${racks} racks in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  } finally {
    await sql.end();
  }
}

if (process.argv[1]?.endsWith("seed-site.ts")) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
