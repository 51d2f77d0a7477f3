/**
 * Built-in cable types, produced deterministically from their slug by a parametric generator.
 *
 * Slugs (grade = om1…om5, os1, os2; optional polish suffix -pc/-upc/-apc when not the default;
 * optional -mtp (MTP), -elite (MTP low loss) or -ll (generic low loss)):
 *   mpo{8,12,16,24,32}-type{A,B,C}-{mm,ff,mf}-<grade>          MPO cord or single-leg trunk
 *   trunk-<legs>x{mpo8,…,mpo24}-type{A,B,C}-{mm,ff,mf}-<grade>  trunk with <legs> MPO legs per end
 *   trunk-<legs>x{lc,sc,…}-{ab,aa}-<grade>                      trunk with <legs> duplex legs per end
 *   {lc,sc,sn,mdc,cs}-{ab,aa}-<grade>                           duplex cord, A-to-B or A-to-A
 *   harness-mpo8-4xlc-{m,f}-<grade>                             parallel-optic breakout, lane k on leg k
 *   harness-mpo16-8xlc-{m,f}-<grade>                            parallel-optic breakout, lane k on leg k
 *   harness-mpo12-6xlc-{m,f}-<grade>                            duplex fan-out, positions 2k-1, 2k on leg k
 *   conv-mpo24-2xmpo12-type{A,B}-{mm,ff,mf}-<grade>             conversion cord 24 → 2 x 12
 *   conv-mpo16-2xmpo8-{mm,ff,mf}-<grade>                        conversion cord 16 → 2 x 8 (SR8 → 2 x SR4)
 *   {lc,sc,…}-{lc,sc,…}-{ab,aa}-<grade>                         hybrid duplex cord between two families (LC to SC)
 *   {lcsimplex,scsimplex,st,fc}-<grade>                         simplex cord, one fiber
 *   fanout-lc-2x{lcsimplex,scsimplex,st,fc}-<grade>             duplex LC to two simplex legs: A on leg 1, B on leg 2
 *   spliced-<n>f-<grade>                                        cable of n fibers spliced at both ends (fiber k: a<k> → b<k>)
 * The first gender letter is the A end (the single connector of a harness or conversion cord).
 */
import type { CableConnector, CableType, DuplexPolarity } from "../components";
import { FAMILIES, type ConnectorFamily, type Gender } from "../connectors";
import type { FiberGrade } from "../fiber";
import { cableTable, type CablePolarityType, type Fiber } from "../position-maps";
import {
  FAMILY_TOKENS,
  GENDER_LETTER,
  GENDER_PAIRS,
  GRADE_TOKENS,
  SUFFIX_RE,
  defaultPolish,
  finishName,
  finishSuffix,
  gradeToken,
  modeOf,
  parseFinish,
  type Finish,
} from "./options";

const GRADE_RE = "(om[1-5]|os[12])";

/** What an MTP connector is known to have (reference §2, seed document); the boot depends on the cable. */
export const MTP_MECHANICS = { floatingFerrule: true, guidePins: "elliptical-steel", pinClamp: "metal" } as const;

function connector(id: string, end: "a" | "b", family: ConnectorFamily, finish: Finish, gender?: Gender, leg?: number): CableConnector {
  const array = FAMILIES[family].array;
  return {
    id,
    end,
    family,
    polish: finish.polish,
    brand: array ? finish.brand : "MPO",
    grade: finish.grade,
    ...(array && gender ? { gender } : {}),
    ...(array && finish.brand === "MTP" ? { mechanics: MTP_MECHANICS } : {}),
    ...(leg !== undefined ? { leg } : {}),
  };
}

/** Fibers for `legs` legs per end, each leg with the map of a polarity type. */
function legFibers(family: ConnectorFamily, type: CablePolarityType, legs: number): Fiber[] {
  const table = cableTable(family, type);
  const out: Fiber[] = [];
  for (let k = 1; k <= legs; k++) {
    for (const p of FAMILIES[family].used) {
      const q = table[p] ?? 0;
      if (q > 0) out.push({ a: { connector: `a${k}`, position: p }, b: { connector: `b${k}`, position: q } });
    }
  }
  return out;
}

const polarityFromToken = (t: string): CablePolarityType | DuplexPolarity =>
  t === "ab" ? "AB" : t === "aa" ? "AA" : (t.slice(4) as CablePolarityType);
const duplexType = (p: DuplexPolarity): CablePolarityType => (p === "AB" ? "B" : "A");

const genderName = (a?: Gender, b?: Gender) => (a && b ? ` ${a === "male" ? "M" : "F"}-${b === "male" ? "M" : "F"}` : "");

// ---------------------------------------------------------------------------------------------

const MPO_RE = new RegExp(`^(mpo(?:8|12|16|24|32))-type([ABC])-(mm|ff|mf)-${GRADE_RE}${SUFFIX_RE}$`);
const TRUNK_RE = new RegExp(
  `^trunk-(\\d+)x(mpo(?:8|12|16|24|32)|lc|sc|sn|mdc|cs)-(type[ABC]|ab|aa)(?:-(mm|ff|mf))?-${GRADE_RE}${SUFFIX_RE}$`,
);
const DUPLEX_RE = new RegExp(`^(lc|sc|sn|mdc|cs)-(ab|aa)-${GRADE_RE}${SUFFIX_RE}$`);
const HARNESS_RE = new RegExp(`^harness-(mpo8-4xlc|mpo16-8xlc|mpo12-6xlc)-(m|f)-${GRADE_RE}${SUFFIX_RE}$`);
const CONV_RE = new RegExp(`^conv-(mpo24-2xmpo12-type[AB]|mpo16-2xmpo8)-(mm|ff|mf)-${GRADE_RE}${SUFFIX_RE}$`);

function mpoCable(m: RegExpExecArray, slug: string): CableType | undefined {
  const [, famTok, typeTok, gTok, gradeTok, polTok, brandTok] = m;
  const family = FAMILY_TOKENS[famTok!]!;
  const grade = GRADE_TOKENS[gradeTok!]!;
  const finish = parseFinish(family, modeOf(grade), polTok, brandTok);
  if (!finish) return undefined;
  const type = typeTok as CablePolarityType;
  const [ga, gb] = GENDER_PAIRS[gTok!]!;
  return {
    kind: "cable",
    id: slug,
    name: `${family} Type ${type}${genderName(ga, gb)} ${grade} (${finishName(finish)})`,
    cableKind: "patch-cord",
    fiber: grade,
    polarity: type,
    connectors: [connector("a1", "a", family, finish, ga), connector("b1", "b", family, finish, gb)],
    fibers: legFibers(family, type, 1),
    tag: FAMILIES[family].rows === 1 ? "V" : "P",
  };
}

function trunk(m: RegExpExecArray, slug: string): CableType | undefined {
  const [, legsTok, famTok, typeTok, gTok, gradeTok, polTok, brandTok] = m;
  const legs = Number(legsTok);
  const family = FAMILY_TOKENS[famTok!]!;
  const array = FAMILIES[family].array;
  if (!(legs >= 1 && legs <= 72) || String(legs) !== legsTok) return undefined;
  if (array !== typeTok!.startsWith("type") || array !== (gTok !== undefined)) return undefined;
  const grade = GRADE_TOKENS[gradeTok!]!;
  const finish = parseFinish(family, modeOf(grade), polTok, brandTok);
  if (!finish) return undefined;
  const polarity = polarityFromToken(typeTok!);
  const mapType = array ? (polarity as CablePolarityType) : duplexType(polarity as DuplexPolarity);
  const [ga, gb] = gTok ? GENDER_PAIRS[gTok]! : [undefined, undefined];
  const connectors: CableConnector[] = [];
  for (let k = 1; k <= legs; k++) connectors.push(connector(`a${k}`, "a", family, finish, ga, k));
  for (let k = 1; k <= legs; k++) connectors.push(connector(`b${k}`, "b", family, finish, gb, k));
  const fibersPerLeg = FAMILIES[family].used.length;
  const polName = array ? `Type ${polarity}` : polarity === "AB" ? "A-to-B" : "A-to-A";
  return {
    kind: "cable",
    id: slug,
    name: `${legs * fibersPerLeg}-fiber trunk, ${legs} x ${family} ${polName}${genderName(ga, gb)} ${grade} (${finishName(finish)})`,
    cableKind: "trunk",
    fiber: grade,
    polarity,
    connectors,
    fibers: legFibers(family, mapType, legs),
    tag: FAMILIES[family].rows === 1 ? "V" : "P",
  };
}

function duplexCord(m: RegExpExecArray, slug: string): CableType | undefined {
  const [, famTok, polTypeTok, gradeTok, polTok, brandTok] = m;
  const family = FAMILY_TOKENS[famTok!]!;
  const grade = GRADE_TOKENS[gradeTok!]!;
  const finish = parseFinish(family, modeOf(grade), polTok, brandTok);
  if (!finish) return undefined;
  const polarity = polTypeTok === "ab" ? "AB" : "AA";
  return {
    kind: "cable",
    id: slug,
    name: `${family} duplex ${polarity === "AB" ? "A-to-B" : "A-to-A"} ${grade} (${finishName(finish)})`,
    cableKind: "patch-cord",
    fiber: grade,
    polarity,
    connectors: [connector("a1", "a", family, finish), connector("b1", "b", family, finish)],
    fibers: legFibers(family, duplexType(polarity), 1),
    tag: "V",
  };
}

/**
 * Breakout harness maps, in the MPO plug's positions (reference §5: on an 8-fiber parallel optic
 * Tx lane k at MDI k pairs with Rx lane k at MDI 13-k). Plugged into the optic, MDI k meets plug
 * position 13-k, and each LC leg plugged into a duplex optic puts its Rx on A and its Tx on B. So
 * leg k carries A = 13-k (the optic's Tx lane k) and B = k (its Rx lane k). MPO-16: 17-k and k.
 * The duplex fan-out (MPO-12 to 6 LC) is straight: positions 2k-1 and 2k on leg k, A and B.
 */
const HARNESSES: Readonly<Record<string, { family: ConnectorFamily; legs: number; map: (k: number) => [number, number]; what: string }>> = {
  "mpo8-4xlc": { family: "MPO-8", legs: 4, map: (k) => [13 - k, k], what: "parallel-optic breakout, lane k on leg k" },
  "mpo16-8xlc": { family: "MPO-16", legs: 8, map: (k) => [17 - k, k], what: "parallel-optic breakout, lane k on leg k" },
  "mpo12-6xlc": { family: "MPO-12", legs: 6, map: (k) => [2 * k - 1, 2 * k], what: "duplex fan-out, positions 2k-1/2k on leg k" },
};

function harness(m: RegExpExecArray, slug: string): CableType | undefined {
  const [, shape, gTok, gradeTok, polTok, brandTok] = m;
  const h = HARNESSES[shape!]!;
  const grade = GRADE_TOKENS[gradeTok!]!;
  const finish = parseFinish(h.family, modeOf(grade), polTok, brandTok);
  if (!finish) return undefined;
  const lcFinish: Finish = { polish: "UPC", brand: "MPO", grade: finish.grade };
  const connectors: CableConnector[] = [connector("a1", "a", h.family, finish, GENDER_LETTER[gTok!])];
  const fibers: Fiber[] = [];
  for (let k = 1; k <= h.legs; k++) {
    connectors.push(connector(`b${k}`, "b", "LC", lcFinish, undefined, k));
    const [pa, pb] = h.map(k);
    fibers.push({ a: { connector: "a1", position: pa }, b: { connector: `b${k}`, position: 1 } });
    fibers.push({ a: { connector: "a1", position: pb }, b: { connector: `b${k}`, position: 2 } });
  }
  return {
    kind: "cable",
    id: slug,
    name: `${h.family} ${gTok === "m" ? "male" : "female"} to ${h.legs} x LC duplex harness ${grade} (${finishName(finish)}), ${h.what}`,
    cableKind: "harness",
    fiber: grade,
    connectors,
    fibers,
    tag: "P",
    note: "map derived from the lane roles of reference §5",
  };
}

/**
 * Conversion cords. 24 → 2 x 12: row r of the MPO-24 goes to leg r; Type A keeps columns
 * (column c → position c), Type B reverses them (column c → position 13-c).
 * 16 → 2 x 8: built so that an 800GBASE-SR8 / 400GBASE-SR8 optic breaks out to two SR4-class
 * optics with lane identity (lanes 1-4 on leg 1, lanes 5-8 on leg 2): leg 1 carries MPO-16
 * positions 1-4 on 12-9 and 13-16 on 4-1; leg 2 carries 5-8 on 12-9 and 9-12 on 4-1.
 */
function conversion(m: RegExpExecArray, slug: string): CableType | undefined {
  const [, shape, gTok, gradeTok, polTok, brandTok] = m;
  const grade = GRADE_TOKENS[gradeTok!]!;
  const [ga, gb] = GENDER_PAIRS[gTok!]!;
  const big: ConnectorFamily = shape!.startsWith("mpo24") ? "MPO-24" : "MPO-16";
  const small: ConnectorFamily = big === "MPO-24" ? "MPO-12" : "MPO-8";
  const finish = parseFinish(big, modeOf(grade), polTok, brandTok);
  if (!finish) return undefined;
  const fibers: Fiber[] = [];
  const add = (p: number, leg: number, q: number) =>
    fibers.push({ a: { connector: "a1", position: p }, b: { connector: `b${leg}`, position: q } });
  let what: string;
  if (big === "MPO-24") {
    const reversed = shape!.endsWith("typeB");
    for (let r = 1; r <= 2; r++) for (let c = 1; c <= 12; c++) add((r - 1) * 12 + c, r, reversed ? 13 - c : c);
    what = reversed ? "Type B" : "Type A";
  } else {
    for (let i = 1; i <= 4; i++) {
      add(i, 1, 13 - i);
      add(17 - i, 1, i);
      add(4 + i, 2, 13 - i);
      add(13 - i, 2, i);
    }
    what = "SR8 to 2 x SR4";
  }
  return {
    kind: "cable",
    id: slug,
    name: `${big} to 2 x ${small} conversion cord, ${what}${genderName(ga, gb)} ${grade} (${finishName(finish)})`,
    cableKind: "conversion",
    fiber: grade,
    connectors: [
      connector("a1", "a", big, finish, ga),
      connector("b1", "b", small, finish, gb, 1),
      connector("b2", "b", small, finish, gb, 2),
    ],
    fibers,
    tag: "P",
  };
}

const HYBRID_RE = new RegExp(`^(lc|sc|sn|mdc|cs)-(lc|sc|sn|mdc|cs)-(ab|aa)-${GRADE_RE}${SUFFIX_RE}$`);

/** A duplex cord with a different family at each end (LC to SC): the map of a duplex cord. */
function hybridCord(m: RegExpExecArray, slug: string): CableType | undefined {
  const [, aTok, bTok, polTypeTok, gradeTok, polTok, brandTok] = m;
  // One slug per cord: the families in the catalog's order (lc, sc, sn, mdc, cs), A end first.
  const order = ["lc", "sc", "sn", "mdc", "cs"];
  if (order.indexOf(aTok!) >= order.indexOf(bTok!)) return undefined;
  const fa = FAMILY_TOKENS[aTok!]!;
  const fb = FAMILY_TOKENS[bTok!]!;
  const grade = GRADE_TOKENS[gradeTok!]!;
  const finish = parseFinish(fa, modeOf(grade), polTok, brandTok);
  if (!finish) return undefined;
  const polarity = polTypeTok === "ab" ? "AB" : "AA";
  return {
    kind: "cable",
    id: slug,
    name: `${fa} to ${fb} duplex ${polarity === "AB" ? "A-to-B" : "A-to-A"} ${grade} (${finishName(finish)})`,
    cableKind: "patch-cord",
    fiber: grade,
    polarity,
    connectors: [connector("a1", "a", fa, finish), connector("b1", "b", fb, finish)],
    fibers: legFibers("LC", duplexType(polarity), 1),
    tag: "V",
  };
}

const SIMPLEX_TOKENS = "lcsimplex|scsimplex|st|fc";
const SIMPLEX_RE = new RegExp(`^(${SIMPLEX_TOKENS})-${GRADE_RE}${SUFFIX_RE}$`);
const FANOUT_RE = new RegExp(`^fanout-lc-2x(${SIMPLEX_TOKENS})-${GRADE_RE}${SUFFIX_RE}$`);
const SPLICED_RE = new RegExp(`^spliced-(\\d+)f-${GRADE_RE}$`);

function simplexCord(m: RegExpExecArray, slug: string): CableType | undefined {
  const [, famTok, gradeTok, polTok, brandTok] = m;
  const family = FAMILY_TOKENS[famTok!]!;
  const grade = GRADE_TOKENS[gradeTok!]!;
  const finish = parseFinish(family, modeOf(grade), polTok, brandTok);
  if (!finish) return undefined;
  return {
    kind: "cable",
    id: slug,
    name: `${family === "LC-simplex" || family === "SC-simplex" ? family.replace("-", " ") : `${family} simplex`} cord ${grade} (${finishName(finish)})`,
    cableKind: "patch-cord",
    fiber: grade,
    connectors: [connector("a1", "a", family, finish), connector("b1", "b", family, finish)],
    fibers: [{ a: { connector: "a1", position: 1 }, b: { connector: "b1", position: 1 } }],
    tag: "V",
  };
}

/**
 * A duplex LC plug to two simplex legs: position A on leg 1, B on leg 2. Which leg carries Tx is
 * decided by the optic it plugs into (Tx sits on B, reference §5), so the Tx leg is leg 2.
 */
function fanout(m: RegExpExecArray, slug: string): CableType | undefined {
  const [, famTok, gradeTok, polTok, brandTok] = m;
  const family = FAMILY_TOKENS[famTok!]!;
  const grade = GRADE_TOKENS[gradeTok!]!;
  const finish = parseFinish("LC", modeOf(grade), polTok, brandTok);
  if (!finish) return undefined;
  return {
    kind: "cable",
    id: slug,
    name: `LC duplex to 2 x ${family} fan-out cord ${grade} (${finishName(finish)}), A on leg 1, B on leg 2`,
    cableKind: "harness",
    fiber: grade,
    connectors: [connector("a1", "a", "LC", finish), connector("b1", "b", family, finish, undefined, 1), connector("b2", "b", family, finish, undefined, 2)],
    fibers: [
      { a: { connector: "a1", position: 1 }, b: { connector: "b1", position: 1 } },
      { a: { connector: "a1", position: 2 }, b: { connector: "b2", position: 1 } },
    ],
    tag: "V",
  };
}

/** A cable whose fibers are fusion-spliced at both ends (into splice trays): fiber k from a<k> to b<k>. */
function spliced(m: RegExpExecArray, slug: string): CableType | undefined {
  const [, nTok, gradeTok] = m;
  const n = Number(nTok);
  if (!(n >= 1 && n <= 288) || String(n) !== nTok) return undefined;
  const grade = GRADE_TOKENS[gradeTok!]!;
  const finish: Finish = { polish: defaultPolish("splice", modeOf(grade)), brand: "MPO", grade: "standard" };
  const connectors: CableConnector[] = [];
  const fibers: Fiber[] = [];
  for (let k = 1; k <= n; k++) connectors.push(connector(`a${k}`, "a", "splice", finish, undefined, k));
  for (let k = 1; k <= n; k++) {
    connectors.push(connector(`b${k}`, "b", "splice", finish, undefined, k));
    fibers.push({ a: { connector: `a${k}`, position: 1 }, b: { connector: `b${k}`, position: 1 } });
  }
  return { kind: "cable", id: slug, name: `${n}-fiber cable ${grade}, fusion-spliced at both ends`, cableKind: "trunk", fiber: grade, connectors, fibers, tag: "V" };
}

const PARSERS: readonly [RegExp, (m: RegExpExecArray, slug: string) => CableType | undefined][] = [
  [MPO_RE, mpoCable],
  [TRUNK_RE, trunk],
  [DUPLEX_RE, duplexCord],
  [HARNESS_RE, harness],
  [CONV_RE, conversion],
  [HYBRID_RE, hybridCord],
  [SIMPLEX_RE, simplexCord],
  [FANOUT_RE, fanout],
  [SPLICED_RE, spliced],
];

/** The built-in cable type with this slug, or undefined. */
export function builtInCable(slug: string): CableType | undefined {
  for (const [re, build] of PARSERS) {
    const m = re.exec(slug);
    if (m) return build(m, slug);
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// The enumerated core set (everything above is reachable by slug; this is what a picker lists).

const LIST_GRADES: readonly FiberGrade[] = ["OM3", "OM4", "OM5", "OS2"];

export function* builtInCableSlugs(): Generator<string> {
  for (const fam of ["mpo8", "mpo12", "mpo16", "mpo24"] as const) {
    const family = FAMILY_TOKENS[fam]!;
    for (const type of ["A", "B", "C"] as const)
      for (const g of ["ff", "mm", "mf"] as const)
        for (const grade of LIST_GRADES) {
          const mode = modeOf(grade);
          yield `${fam}-type${type}-${g}-${gradeToken(grade)}`;
          yield `${fam}-type${type}-${g}-${gradeToken(grade)}${finishSuffix(family, mode, { polish: "APC", brand: "MTP", grade: "low-loss" })}`;
          if (mode === "MM" && family !== "MPO-16")
            yield `${fam}-type${type}-${g}-${gradeToken(grade)}${finishSuffix(family, mode, { polish: "APC", brand: "MPO", grade: "standard" })}`;
        }
  }
  for (const fam of ["lc", "sc", "sn", "mdc", "cs"] as const)
    for (const pol of ["ab", "aa"] as const)
      for (const grade of ["OM3", "OM4", "OM5", "OS2"] as const) {
        yield `${fam}-${pol}-${gradeToken(grade)}`;
        if (fam === "lc") {
          yield `${fam}-${pol}-${gradeToken(grade)}-ll`;
          if (grade === "OS2") yield `${fam}-${pol}-os2-apc`;
        }
      }
  for (const [legs, fam] of [[12, "mpo12"], [18, "mpo8"], [6, "mpo24"], [9, "mpo16"]] as const)
    for (const type of ["A", "B", "C"] as const)
      for (const g of ["ff", "mm"] as const)
        for (const grade of LIST_GRADES) yield `trunk-${legs}x${fam}-type${type}-${g}-${gradeToken(grade)}`;
  for (const grade of LIST_GRADES) {
    yield `trunk-12xlc-ab-${gradeToken(grade)}`;
    yield `trunk-12xlc-aa-${gradeToken(grade)}`;
    for (const g of ["f", "m"] as const) {
      yield `harness-mpo8-4xlc-${g}-${gradeToken(grade)}`;
      yield `harness-mpo12-6xlc-${g}-${gradeToken(grade)}`;
      yield `harness-mpo16-8xlc-${g}-${gradeToken(grade)}`;
    }
    for (const fam of ["lcsimplex", "scsimplex", "st", "fc"] as const) {
      yield `${fam}-${gradeToken(grade)}`;
      yield `fanout-lc-2x${fam}-${gradeToken(grade)}`;
    }
    yield `spliced-12f-${gradeToken(grade)}`;
    yield `lc-sc-ab-${gradeToken(grade)}`;
    yield `spliced-24f-${gradeToken(grade)}`;
    for (const g of ["ff", "mf", "mm"] as const) {
      yield `conv-mpo24-2xmpo12-typeA-${g}-${gradeToken(grade)}`;
      yield `conv-mpo24-2xmpo12-typeB-${g}-${gradeToken(grade)}`;
      yield `conv-mpo16-2xmpo8-${g}-${gradeToken(grade)}`;
    }
  }
}

