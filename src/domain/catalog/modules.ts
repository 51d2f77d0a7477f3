/**
 * Built-in modules (cassettes): an MPO rear adapter, N duplex LC front adapters, and an internal
 * harness between their inner sides. Slug:
 *   cas-{mpo8,mpo12,mpo16,mpo24}-<N>xlc-<method>-{m,f}-<grade>[-polish][-mtp|-elite|-ll]
 * where N is half the fiber count, {m,f} is the gender of the internal MPO plug (the trunk plugged
 * into the rear must be of the other gender), and <method> is one of:
 *   methodA, methodC   straight harness (positions 2k-1, 2k → port k A, B), Type A rear adapter
 *   methodB            straight harness, Type B rear adapter
 *   methodB-relabeled  method B module mounted inverted and relabeled: port k renamed N+1-k
 *   u1                 universal harness (port k carries the mirror pair k, n+1-k), Type A rear adapter
 *   u2                 universal harness, Type B rear adapter
 * Front LC adapters are key-up to key-up (the only way duplex LC adapters are built); front
 * internal plugs are LC UPC.
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

type Harness = "straight" | "universal" | "relabeled";

/** The method table of reference §7, as module parts. */
export const MODULE_METHOD_PARTS: Readonly<Record<string, { method: ModuleMethod; harness: Harness; rearKey: AdapterKey }>> = {
  methodA: { method: "A", harness: "straight", rearKey: "A" },
  methodB: { method: "B", harness: "straight", rearKey: "B" },
  "methodB-relabeled": { method: "B-relabeled", harness: "relabeled", rearKey: "B" },
  methodC: { method: "C", harness: "straight", rearKey: "A" },
  u1: { method: "U1", harness: "universal", rearKey: "A" },
  u2: { method: "U2", harness: "universal", rearKey: "B" },
};

/** Rear positions carried by front port k (1-based) at A and B. */
export function harnessPair(family: ConnectorFamily, harness: Harness, k: number): [number, number] {
  const used = FAMILIES[family].used;
  const n = used.length;
  const ports = n / 2;
  if (harness === "universal") return [used[k - 1]!, used[n - k]!];
  const j = harness === "relabeled" ? ports + 1 - k : k;
  return [used[2 * j - 2]!, used[2 * j - 1]!];
}

const CAS_RE = new RegExp(
  `^cas-(mpo8|mpo12|mpo16|mpo24)-(\\d+)xlc-(methodA|methodB|methodB-relabeled|methodC|u1|u2)-(m|f)-(om[1-5]|os[12])${SUFFIX_RE}$`,
);

export function builtInModule(slug: string): ModuleType | undefined {
  const m = CAS_RE.exec(slug);
  if (!m) return undefined;
  const [, famTok, nTok, methodTok, gTok, gradeTok, polTok, brandTok] = m;
  const family = FAMILY_TOKENS[famTok!]!;
  const ports = FAMILIES[family].used.length / 2;
  if (Number(nTok) !== ports || String(ports) !== nTok) return undefined;
  const grade = GRADE_TOKENS[gradeTok!]!;
  const finish = parseFinish(family, modeOf(grade), polTok, brandTok);
  if (!finish) return undefined;
  const parts = MODULE_METHOD_PARTS[methodTok!]!;
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
    name: `${family} ${gTok === "m" ? "male" : "female"} to ${ports} x LC duplex cassette, method ${parts.method}, ${grade} (${finishName(finish)})`,
    fiber: grade,
    ports: [rear, ...fronts],
    fibers,
    method: parts.method,
    tag: "P",
    note: "harness and adapters chosen so that the method rows of reference §7 pass",
  };
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
}
