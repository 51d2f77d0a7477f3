/**
 * TIA-606 style identifiers (reference §11): space, cabinet by grid location, panel by rack unit,
 * port — `DC1.A12-40:05`; a link is its two ends joined with `/`, near end first.
 */
export interface RackForId {
  name: string;
  row: string;
  position: number | null;
}

const two = (n: number) => String(n).padStart(2, "0");

/** The cabinet's grid location: row and position ("A" + 12 → "A12"), else its name. */
export const rackGrid = (rack: RackForId): string => (rack.row && rack.position !== null ? `${rack.row}${two(rack.position)}` : rack.name);

export const portPart = (name: string): string => (/^\d$/.test(name) ? two(Number(name)) : name);

/** `DC1.A12-40`, or `DC1.<device>` for a device not mounted at a unit. */
export function deviceTia(siteCode: string, rack: RackForId | null, device: { name: string; uPosition: number | null }): string {
  if (!rack || device.uPosition === null) return `${siteCode}.${device.name}`;
  return `${siteCode}.${rackGrid(rack)}-${two(device.uPosition)}`;
}

export const portTia = (siteCode: string, rack: RackForId | null, device: { name: string; uPosition: number | null }, portName: string): string =>
  `${deviceTia(siteCode, rack, device)}:${portPart(portName)}`;

export interface ParsedTia {
  site: string;
  rack: string;
  unit: number | null;
  device: string | null;
  port: string | null;
}

/** Reads `DC1.A12-40:05`, `DC1.A12-40`, `DC1.A12` or `DC1.leaf1:Ethernet1/1`; null when it is not one. */
export function parseTia(s: string): ParsedTia | null {
  const m = /^([A-Za-z0-9][A-Za-z0-9-]*)\.([^.:\s]+?)(?:-(\d{1,2}))?(?::(\S+))?$/.exec(s.trim());
  if (!m) return null;
  const [, site, rackOrDevice, unit, port] = m;
  return {
    site: site!,
    rack: rackOrDevice!,
    unit: unit !== undefined ? Number(unit) : null,
    device: unit === undefined ? rackOrDevice! : null,
    port: port ?? null,
  };
}
