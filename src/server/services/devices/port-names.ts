/** "Ethernet1/1..4" → Ethernet1/1 … Ethernet1/4; "01..12" keeps the width; a plain name stays. */
export function expandPortNames(pattern: string): string[] | null {
  const m = /^(.*?)(\d+)\.\.(\d+)$/.exec(pattern);
  if (!m) return pattern.includes("..") ? null : [pattern];
  const [, prefix, fromS, toS] = m;
  const from = Number(fromS);
  const to = Number(toS);
  if (to < from || to - from >= 256) return null;
  const width = fromS!.startsWith("0") ? fromS!.length : 0;
  const out: string[] = [];
  for (let i = from; i <= to; i++) out.push(`${prefix}${String(i).padStart(width, "0")}`);
  return out;
}
