/**
 * Built-in modules (cassettes): an MPO rear adapter, N duplex LC front adapters, and an internal
 * harness between their inner sides. Slug:
 *   cas-{mpo8,mpo12,mpo16,mpo24}-<N>xlc-<method>-{m,f}-<grade>[-polish][-mtp|-elite|-ll]
 * where N is half the fiber count, {m,f} is the gender of the internal MPO plug (the trunk plugged
 * into the rear must be of the other gender), and <method> is one of:
 *   methodA, methodC   straight harness (positions 2k-1, 2k → port k A, B), Type A rear adapter
 *   methodAF           straight harness with every pair flipped (2k → A, 2k-1 → B), Type A rear
 *                      adapter: what FS sells as "Type AF"
 *   methodB            straight harness, Type B rear adapter
 *   methodB-relabeled  method B module mounted inverted and relabeled: port k renamed N+1-k
 *   u1                 universal harness (port k carries the mirror pair k, n+1-k), Type A rear adapter
 *   u1-flipped         universal harness in the other A/B orientation (k on B, n+1-k on A), Type A
 *   u2, u2-flipped     the same two harnesses with a Type B rear adapter
 * Front LC adapters are key-up to key-up (the only way duplex LC adapters are built); front
 * internal plugs are LC UPC. An APC MPO cannot sit in a key-up to key-up adapter (its angled end
 * faces only meet with opposed keys), so methods with a Type B rear adapter are UPC by default
 * and have no APC variant.
 */
import type { ModuleMethod, ModulePort, ModuleType } from "../components";
import { FAMILIES, type ConnectorFamily } from "../connectors";
import type { FiberGrade } from "../fiber";
import type { AdapterKey, Fiber } from "../position-maps";
import { MTP_MECHANICS } from "./cables";
import {
  FAMILY_TOKENS,
  GENDER_LETTER,
  GRADE_TOKENS,
  SUFFIX_RE,
  finishName,
  gradeToken,
  modeOf,
  parseFinish,
} from "./options";

/**
 * The harnesses vendors sell, as data: which strands (1..n of the rear's used positions) front
 * port k carries on A and on B.
 */
export const HARNESSES = {
  straight: { label: "straight: port k carries fibers 2k-1 (A) and 2k (B)", pair: (k: number) => [2 * k - 1, 2 * k] },
  "straight-flipped": { label: "pair-flipped: port k carries fibers 2k (A) and 2k-1 (B)", pair: (k: number) => [2 * k, 2 * k - 1] },
  relabeled: { label: "straight, mounted inverted: port k carries fibers n+1-2k (A) and n+2-2k (B)", pair: (k: number, n: number) => [n + 1 - 2 * k, n + 2 - 2 * k] },
  universal: { label: "universal: port k carries fibers k (A) and n+1-k (B)", pair: (k: number, n: number) => [k, n + 1 - k] },
  "universal-flipped": { label: "universal, other orientation: port k carries fibers n+1-k (A) and k (B)", pair: (k: number, n: number) => [n + 1 - k, k] },
} as const satisfies Record<string, { label: string; pair: (k: number, n: number) => readonly [number, number] | number[] }>;
export type Harness = keyof typeof HARNESSES;

export interface MethodPart {
  readonly method: ModuleMethod;
  readonly harness: Harness;
  readonly rearKey: AdapterKey;
}

/** The method table of reference §7 and the vendor variants, as module parts (slug token → part). */
export const MODULE_METHOD_PARTS: Readonly<Record<string, MethodPart>> = {
  methodA: { method: "A", harness: "straight", rearKey: "A" },
  methodAF: { method: "AF", harness: "straight-flipped", rearKey: "A" },
  methodB: { method: "B", harness: "straight", rearKey: "B" },
  "methodB-relabeled": { method: "B-relabeled", harness: "relabeled", rearKey: "B" },
  methodC: { method: "C", harness: "straight", rearKey: "A" },
  u1: { method: "U1", harness: "universal", rearKey: "A" },
  "u1-flipped": { method: "U1-flipped", harness: "universal-flipped", rearKey: "A" },
  u2: { method: "U2", harness: "universal", rearKey: "B" },
  "u2-flipped": { method: "U2-flipped", harness: "universal-flipped", rearKey: "B" },
};

/** The module part of a method. */
export const methodPart = (m: ModuleMethod): MethodPart => Object.values(MODULE_METHOD_PARTS).find((p) => p.method === m)!;

/** Strands (1..n, local to the rear) front port k carries on A and B under a harness. */
export function harnessStrands(harness: Harness, k: number, n: number): [number, number] {
  const [a, b] = HARNESSES[harness].pair(k, n);
  return [a!, b!];
}

/** Rear positions carried by front port k (1-based) at A and B. */
export function harnessPair(family: ConnectorFamily, harness: Harness, k: number): [number, number] {
  const used = FAMILIES[family].used;
  const [a, b] = harnessStrands(harness, k, used.length);
  return [used[a - 1]!, used[b - 1]!];
}

const CAS_RE = new RegExp(
  `^cas-(mpo8|mpo12|mpo16|mpo24)-(\\d+)xlc-(${Object.keys(MODULE_METHOD_PARTS).join("|")})-(m|f)-(om[1-5]|os[12])${SUFFIX_RE}$`,
);

export function builtInModule(slug: string): ModuleType | undefined {
  const m = CAS_RE.exec(slug);
  if (!m) return builtInSpliceTray(slug);
  const [, famTok, nTok, methodTok, gTok, gradeTok, polTok, brandTok] = m;
  const family = FAMILY_TOKENS[famTok!]!;
  const ports = FAMILIES[family].used.length / 2;
  if (Number(nTok) !== ports || String(ports) !== nTok) return undefined;
  const grade = GRADE_TOKENS[gradeTok!]!;
  const parts = MODULE_METHOD_PARTS[methodTok!]!;
  // An aligned-key (Type B) rear adapter cannot take an APC plug: UPC by default, no APC variant.
  const finish = parseFinish(family, modeOf(grade), polTok, brandTok, parts.rearKey === "B" ? "UPC" : undefined);
  if (!finish || (parts.rearKey === "B" && finish.polish === "APC")) return undefined;
  const rear: ModulePort = {
    name: "R",
    role: "rear",
    family,
    key: parts.rearKey,
    gender: GENDER_LETTER[gTok!]!,
    polish: finish.polish,
    brand: finish.brand,
    grade: finish.grade,
    ...(finish.brand === "MTP" ? { mechanics: MTP_MECHANICS } : {}),
  };
  const fronts: ModulePort[] = [];
  const fibers: Fiber[] = [];
  for (let k = 1; k <= ports; k++) {
    fronts.push({ name: String(k), role: "front", family: "LC", key: "B", polish: "UPC", brand: "MPO", grade: finish.grade });
    const [pa, pb] = harnessPair(family, parts.harness, k);
    fibers.push({ a: { connector: "R", position: pa }, b: { connector: String(k), position: 1 } });
    fibers.push({ a: { connector: "R", position: pb }, b: { connector: String(k), position: 2 } });
  }
  return {
    kind: "module",
    id: slug,
    name: `${family} ${gTok === "m" ? "male" : "female"} to ${ports} x LC duplex cassette, ${parts.method === "AF" ? "type AF (method A, pairs flipped)" : `method ${parts.method}`}, ${grade} (${finishName(finish)})`,
    fiber: grade,
    ports: [rear, ...fronts],
    fibers,
    method: parts.method,
    tag: "P",
    note: "harness and adapters chosen so that the method rows of reference §7 pass",
  };
}

/**
 * Splice trays: N front adapters whose internal pigtails are fusion-spliced to the fibers of an
 * incoming cable. Slug: splice-<N>x{lc,sc,lcsimplex,scsimplex,st,fc}-<grade>[-polish]. The rear is one
 * splice position per fiber, named S1..Sn: duplex front port k carries S(2k-1) on A and S(2k) on B,
 * simplex front port k carries Sk. A cable spliced in (spliced-<n>f-<grade>) puts its fiber k on Sk,
 * at the splice loss of reference §10 instead of a mated pair.
 */
const SPLICE_RE = new RegExp(`^splice-(\\d+)x(lc|sc|lcsimplex|scsimplex|st|fc)-(om[1-5]|os[12])${SUFFIX_RE}$`);

function spliceTray(m: RegExpExecArray, slug: string): ModuleType | undefined {
  const [, nTok, famTok, gradeTok, polTok, brandTok] = m;
  const n = Number(nTok);
  if (!(n >= 1 && n <= 144) || String(n) !== nTok) return undefined;
  const family = FAMILY_TOKENS[famTok!]!;
  const grade = GRADE_TOKENS[gradeTok!]!;
  const finish = parseFinish(family, modeOf(grade), polTok, brandTok);
  if (!finish) return undefined;
  const per = FAMILIES[family].used.length;
  const ports: ModulePort[] = [];
  const fibers: Fiber[] = [];
  const key: AdapterKey = per === 2 ? "B" : "A";
  for (let k = 1; k <= n; k++) ports.push({ name: String(k), role: "front", family, key, polish: finish.polish, brand: "MPO", grade: finish.grade });
  for (let k = 1; k <= n; k++)
    for (let j = 1; j <= per; j++) {
      const s = (k - 1) * per + j;
      ports.push({ name: `S${s}`, role: "rear", family: "splice", key: "A", polish: finish.polish });
      fibers.push({ a: { connector: `S${s}`, position: 1 }, b: { connector: String(k), position: j } });
    }
  return {
    kind: "module",
    id: slug,
    name: `Splice tray, ${n} x ${family}${per === 2 ? " duplex" : ""} to ${n * per} fusion splices, ${grade} (${finishName(finish)})`,
    fiber: grade,
    ports,
    fibers,
    tag: "V",
  };
}

export function builtInSpliceTray(slug: string): ModuleType | undefined {
  const m = SPLICE_RE.exec(slug);
  return m ? spliceTray(m, slug) : undefined;
}

const LIST_GRADES: readonly FiberGrade[] = ["OM3", "OM4", "OM5", "OS2"];

export function* builtInModuleSlugs(): Generator<string> {
  for (const fam of ["mpo8", "mpo12", "mpo16", "mpo24"] as const) {
    const n = FAMILIES[FAMILY_TOKENS[fam]!].used.length / 2;
    for (const method of Object.keys(MODULE_METHOD_PARTS))
      for (const g of ["m", "f"] as const)
        for (const grade of LIST_GRADES) {
          yield `cas-${fam}-${n}xlc-${method}-${g}-${gradeToken(grade)}`;
          yield `cas-${fam}-${n}xlc-${method}-${g}-${gradeToken(grade)}-elite`;
        }
  }
  for (const grade of LIST_GRADES) {
    yield `splice-6xlc-${gradeToken(grade)}`;
    yield `splice-12xlc-${gradeToken(grade)}`;
    yield `splice-12xsc-${gradeToken(grade)}`;
    yield `splice-12xst-${gradeToken(grade)}`;
  }
}
