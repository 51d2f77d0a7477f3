/** What changed between two audit snapshots, as short "field: before → after" lines. */
export function describeChanges(before: unknown, after: unknown): string[] {
  const b = (before && typeof before === "object" ? before : {}) as Record<string, unknown>;
  const a = (after && typeof after === "object" ? after : {}) as Record<string, unknown>;
  const skip = new Set(["id", "createdAt", "updatedAt", "version"]);
  const show = (v: unknown) => (v === null || v === undefined ? "—" : typeof v === "string" ? v : JSON.stringify(v));
  const lines: string[] = [];
  for (const key of new Set([...Object.keys(b), ...Object.keys(a)])) {
    if (skip.has(key)) continue;
    const was = show(b[key]);
    const now = show(a[key]);
    if (was === now) continue;
    if (!(key in b)) lines.push(`${key}: ${now}`);
    else if (!(key in a)) lines.push(`${key}: ${was} (removed)`);
    else lines.push(`${key}: ${was} → ${now}`);
  }
  return lines;
}
