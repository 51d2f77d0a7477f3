/**
 * Built-in wavelength multiplexers and taps.
 *
 * CWDM mux/demux, dual fiber: `cwdm-<N>ch-<first>-lc-<grade>`, N client ports of consecutive CWDM
 * channels from <first> nm (the common 8-channel part is cwdm-8ch-1471-lc-os2: 1471…1611 nm). The
 * line port LINE and the clients are duplex LC in key-up to key-up adapters, client k's two fibers on
 * LINE's two positions: a client and the line are a straight pass-through (like an adapter), so A-to-B
 * cords at both ends and an A-to-B line trunk join Tx to Rx.
 *
 * Passive TAP, duplex LC: `tap-<live>-<monitor>-lc-<grade>` (tap-70-30-lc-os2, tap-50-50-lc-om4).
 * NET-A (rear) and NET-B (front) are the live ports, crossed inside like a Tx/Rx crossover so that
 * A-to-B cords to both switches join Tx to Rx; MON-A carries a copy of what enters NET-A (the A→B
 * direction: NET-A's internal position 2, where an A-to-B cord from a switch's Tx lands), MON-B of what
 * enters NET-B, each on the position from which an A-to-B cord delivers it to a tool's Rx. A monitor
 * port's other position is dark: it faces the tool's transmitter.
 */
import type { ModulePort, ModuleType, SplitBranch } from "../components";
import type { FiberGrade } from "../fiber";
import type { Fiber } from "../position-maps";
import { CWDM_CHANNELS_NM } from "../wdm";
import { GRADE_TOKENS } from "./options";

const CWDM_RE = /^cwdm-(\d+)ch-(\d{4})-lc-(om[1-5]|os[12])$/;

function lc(name: string, role: "front" | "rear", extra: Partial<ModulePort> = {}): ModulePort {
  return { name, role, family: "LC", key: "B", polish: "UPC", ...extra };
}

export function builtInCwdm(slug: string): ModuleType | undefined {
  const m = CWDM_RE.exec(slug);
  if (!m) return undefined;
  const n = Number(m[1]);
  const first = CWDM_CHANNELS_NM.indexOf(Number(m[2]));
  const grade = GRADE_TOKENS[m[3]!]!;
  if (grade !== "OS2" || first < 0 || !(n >= 2 && first + n <= CWDM_CHANNELS_NM.length) || String(n) !== m[1]) return undefined;
  const channels = CWDM_CHANNELS_NM.slice(first, first + n);
  const ports: ModulePort[] = [lc("LINE", "rear")];
  const fibers: Fiber[] = [];
  for (const nm of channels) {
    ports.push(lc(String(nm), "front", { wavelengthNm: nm }));
    for (const p of [1, 2]) fibers.push({ a: { connector: "LINE", position: p }, b: { connector: String(nm), position: p } });
  }
  return {
    kind: "module",
    id: slug,
    name: `CWDM mux/demux, ${n} channels ${channels[0]}–${channels[n - 1]} nm, dual fiber, duplex LC, ${grade}`,
    fiber: grade,
    ports,
    fibers,
    wdm: { kind: "cwdm" },
    tag: "P",
    note: "insertion loss from the CWDM default of wdm.ts",
  };
}

const TAP_RE = /^tap-(\d{2})-(\d{2})-lc-(om[1-5]|os[12])$/;

export function builtInTap(slug: string): ModuleType | undefined {
  const m = TAP_RE.exec(slug);
  if (!m) return undefined;
  const live = Number(m[1]);
  const mon = Number(m[2]);
  if (live + mon !== 100 || mon < 10 || live < 10) return undefined;
  const grade: FiberGrade = GRADE_TOKENS[m[3]!]!;
  const share = mon / 100;
  const ports = [lc("NET-A", "rear"), lc("NET-B", "front"), lc("MON-A", "front"), lc("MON-B", "front")];
  const fibers: Fiber[] = [
    { a: { connector: "NET-A", position: 1 }, b: { connector: "NET-B", position: 2 } },
    { a: { connector: "NET-A", position: 2 }, b: { connector: "NET-B", position: 1 } },
  ];
  const branches: SplitBranch[] = [
    { from: { connector: "NET-A", position: 2 }, to: { connector: "MON-A", position: 1 }, share },
    { from: { connector: "NET-B", position: 2 }, to: { connector: "MON-B", position: 1 }, share },
  ];
  return {
    kind: "module",
    id: slug,
    name: `Passive TAP ${live}/${mon}, duplex LC, ${grade} (live NET-A ↔ NET-B, monitor MON-A, MON-B)`,
    fiber: grade,
    ports,
    fibers,
    split: { kind: "tap", branches },
    tag: "P",
    note: "excess loss from the TAP default of wdm.ts",
  };
}

export function* builtInWdmTapSlugs(): Generator<string> {
  yield "cwdm-8ch-1471-lc-os2";
  yield "cwdm-4ch-1471-lc-os2";
  yield "cwdm-18ch-1271-lc-os2";
  for (const g of ["om4", "os2"]) {
    yield `tap-50-50-lc-${g}`;
    yield `tap-70-30-lc-${g}`;
  }
}

