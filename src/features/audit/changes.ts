const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** A field's name as people say it: "portId" → "port", "uHeight" → "u height". */
const fieldName = (key: string) =>
  key
    .replace(/Ids?$/, (m) => (m === "Ids" ? "s" : ""))
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .toLowerCase();

/**
 * What changed between two audit snapshots, as short "field: before → after" lines, in names: an id
 * of something the trail could name (`names`, from the server) reads as its name, else as its first
 * eight characters. A field the after-snapshot does not record is left out (it did not change), not
 * called removed; a deletion (no after at all) lists what was there.
 */
export function describeChanges(before: unknown, after: unknown, names: Readonly<Record<string, string>> = {}): string[] {
  const b = (before && typeof before === "object" ? before : {}) as Record<string, unknown>;
  const a = (after && typeof after === "object" ? after : {}) as Record<string, unknown>;
  const deleted = after === null || after === undefined;
  const skip = new Set(["id", "createdAt", "updatedAt", "version", "siteId"]);
  const named = (s: string) => s.replace(UUID, (id) => names[id.toLowerCase()] ?? id.slice(0, 8));
  // A field holding an object reads "racks 7, ports 372"; objects in a list (a cable's ends) read as
  // their values only: "a1 leaf1:Ethernet1/1 front".
  const show = (v: unknown, inList = false): string => {
    if (v === null || v === undefined || v === "") return "—";
    if (typeof v === "string") return named(v);
    if (Array.isArray(v)) return v.length ? v.map((x) => show(x, true)).join(", ") : "none";
    if (typeof v === "object") {
      const present = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== null && x !== undefined && x !== "");
      return inList ? present.map(([, x]) => show(x, true)).join(" ") : present.map(([k, x]) => `${fieldName(k)} ${show(x, true)}`).join(", ");
    }
    return String(v);
  };
  const lines: string[] = [];
  for (const key of new Set([...Object.keys(b), ...Object.keys(a)])) {
    if (skip.has(key)) continue;
    const was = show(b[key]);
    const now = show(a[key]);
    if (was === now) continue;
    if (!(key in b)) lines.push(`${fieldName(key)}: ${now}`);
    else if (!(key in a)) {
      if (deleted) lines.push(`${fieldName(key)}: ${was}`);
    } else lines.push(`${fieldName(key)}: ${was} → ${now}`);
  }
  return lines;
}
